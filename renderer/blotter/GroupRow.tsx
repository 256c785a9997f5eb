/** A group header in the grid (grouping by venue or market): label, order count, scoped cancel. */
import { memo } from 'react';
import type { CancelScope, VenueId } from '../../preload/contract.ts';
import { useWorkflowServices } from '../workflow/context.ts';
import type { GroupInfo } from '../workflow/view.ts';

export interface GroupRowProps {
  group: GroupInfo;
  ariaIndex: number;
  start: number;
}

export const GroupRow = memo(function GroupRow({ group, ariaIndex, start }: GroupRowProps) {
  const { commands } = useWorkflowServices();
  // A venue group's value is its VenueId (view.ts groups by `order.venue`). The scope dialog adds
  // the active filters (and keeps to the shown orders under a search or status filter).
  const scope: CancelScope =
    group.groupBy === 'venue' ? { venues: [group.value as VenueId] } : { markets: [group.value] };
  return (
    <div
      role="row"
      tabIndex={-1}
      aria-rowindex={ariaIndex}
      className="row row-group"
      data-group={group.id}
      style={{ transform: `translateY(${start}px)` }}
    >
      <div role="gridcell" tabIndex={-1} className="cell cell-group" aria-colspan={100}>
        <span className="group-label">{group.label}</span>
        <span className="group-count">
          {group.count} {group.count === 1 ? 'order' : 'orders'}
        </span>
        <button
          type="button"
          className="group-cancel"
          tabIndex={-1}
          onClick={() => commands.openScope(scope)}
        >
          Cancel {group.label}…
        </button>
      </div>
    </div>
  );
});
