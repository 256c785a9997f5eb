/** A group header in the grid (grouping by venue or market): label, order count, scoped cancel. */
import { memo } from 'react';
import { type GridGroup, useGridPort } from './grid-port.ts';

export interface GroupRowProps {
  group: GridGroup;
  ariaIndex: number;
  start: number;
}

export const GroupRow = memo(function GroupRow({ group, ariaIndex, start }: GroupRowProps) {
  const { actions } = useGridPort();
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
          onClick={() => actions.cancelGroup(group)}
        >
          Cancel {group.label}…
        </button>
      </div>
    </div>
  );
});
