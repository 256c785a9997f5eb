/**
 * Binds the grid to the workspace: the workspace's store is the grid's state
 * (the assignment below is where the two are type-checked against each
 * other), and each grid action is the workspace's selection, preference or
 * command. The only module that sees both sides.
 */
import { useMemo } from 'react';
import type { CancelScope, VenueId } from '../../preload/contract.ts';
import { BlotterTable } from '../blotter/BlotterTable.tsx';
import { type GridPort, GridPortContext } from '../blotter/grid-port.ts';
import type { WorkflowServices } from '../workspace/state/context.ts';
import { useWorkflow } from '../workspace/state/context.ts';
import { clearSelection, click, moveFocus, selectAll, toggleKey } from '../workspace/state/selection.ts';

export function createGridPort({ store, actions, commands }: WorkflowServices): GridPort {
  return {
    store,
    actions: {
      clickRow: (key, how) => actions.updateSelection((selection, keys) => click(selection, key, keys, how)),
      toggleRow: (key) => actions.updateSelection((selection, keys) => toggleKey(selection, key, keys)),
      toggleAll: () =>
        actions.updateSelection((selection, keys) =>
          selection.selected.size === keys.length && keys.length > 0
            ? clearSelection(selection)
            : selectAll(selection, keys),
        ),
      focusFirst: () => actions.updateSelection((selection, keys) => moveFocus(selection, 'first', keys)),
      setColumnVisibility: (columnVisibility) => actions.setPrefs({ columnVisibility }),
      setColumnOrder: (columnOrder) => actions.setPrefs({ columnOrder }),
      setSorting: (sorting) => actions.setQuery({ sorting }),
      openAudit: (key) => actions.openDialog({ kind: 'audit', key }),
      cancelOrder: (key) => commands.sendCancel([key], 'click'),
      cancelGroup: (group) => {
        // A venue group's value is its VenueId (view.ts groups by `order.venue`). The scope dialog
        // adds the active filters (and keeps to the shown orders under a search or status filter).
        const scope: CancelScope =
          group.groupBy === 'venue' ? { venues: [group.value as VenueId] } : { markets: [group.value] };
        commands.openScope(scope);
      },
      setHold: (source, on) => actions.setHold(source, on),
      showNew: () => actions.showNew(),
    },
  };
}

/** The grid for the workspace's current view; remounted per view, so each view starts at its top. */
export function GridBinding({ services }: { services: WorkflowServices }) {
  const port = useMemo(() => createGridPort(services), [services]);
  const view = useWorkflow((s) => s.view);
  return (
    <GridPortContext value={port}>
      <BlotterTable key={view} />
    </GridPortContext>
  );
}
