/**
 * The action bar above the grid: views, the cancel actions (selected, by
 * scope, panic), grouping, columns and the shortcuts list. Every control is
 * a plain button/select in the tab order.
 */
import { useMemo } from 'react';
import { useSampledBlotter, useServices } from '../book/context.ts';
import { COUNT_DEFINITIONS, countOpen } from '../shared/counts.ts';
import {
  COLUMN_HEADERS,
  COLUMN_IDS,
  DEFAULT_VISIBILITY,
  FIXED_COLUMNS,
  normalizeOrder,
  resolveColumnOrder,
} from '../shared/order-columns.ts';
import { isMacPlatform } from './dialogs/HelpDialog.tsx';
import { Menu } from './FilterBar.tsx';
import { chordLabel } from './keys/keymap.ts';
import type { Commands } from './state/commands.ts';
import { useWorkflow, useWorkflowServices } from './state/context.ts';
import { exportAuditCsv } from './state/download.ts';
import { moveColumn } from './state/prefs.ts';
import { GROUP_BY_OPTIONS, type GroupBy } from './state/view.ts';
import { ViewTabs } from './ViewTabs.tsx';

const GROUP_LABELS: Record<GroupBy, string> = { none: 'None', venue: 'Venue', market: 'Market' };
const HEADERS = COLUMN_HEADERS;

function ColumnsMenu() {
  const { actions } = useWorkflowServices();
  const saved = useWorkflow((s) => s.prefs.columnOrder);
  const visibility = useWorkflow((s) => s.prefs.columnVisibility);
  const order = useMemo(() => normalizeOrder(resolveColumnOrder(saved, COLUMN_IDS)), [saved]);
  const effective = { ...DEFAULT_VISIBILITY, ...visibility };
  const hidden = order.filter((id) => effective[id] === false).length;
  const movable = order.filter((id) => !FIXED_COLUMNS.has(id));
  return (
    <Menu label="Columns" count={hidden} testId="columns-menu">
      <ul className="column-list">
        {movable.map((id, i) => (
          <li key={id} data-column={id}>
            <label className="check">
              <input
                type="checkbox"
                checked={effective[id] !== false}
                onChange={(event) =>
                  actions.setPrefs({ columnVisibility: { ...visibility, [id]: event.target.checked } })
                }
              />
              {HEADERS[id] ?? id}
            </label>
            <button
              type="button"
              aria-label={`Move ${HEADERS[id] ?? id} left`}
              disabled={i === 0}
              onClick={() => actions.setPrefs({ columnOrder: moveColumn(order, id, -1) })}
            >
              ↑
            </button>
            <button
              type="button"
              aria-label={`Move ${HEADERS[id] ?? id} right`}
              disabled={i === movable.length - 1}
              onClick={() => actions.setPrefs({ columnOrder: moveColumn(order, id, 1) })}
            >
              ↓
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="link-button"
        onClick={() => actions.setPrefs({ columnOrder: [], columnVisibility: {} })}
      >
        Reset columns
      </button>
    </Menu>
  );
}

export function Toolbar({ commands }: { commands: Commands }) {
  const { actions } = useWorkflowServices();
  const { api, toaster } = useServices();
  const view = useWorkflow((s) => s.view);
  const selectedKeys = useWorkflow((s) => s.selection.selected);
  // Selected and still open: what the cancel sends and the confirmation counts (shared/counts.ts).
  const selected = useSampledBlotter((s) => countOpen(selectedKeys, s.book.orders), [selectedKeys]);
  const groupBy = useWorkflow((s) => s.query.groupBy);
  const keymap = useWorkflow((s) => s.keymap);
  const mac = isMacPlatform();
  const hint = (action: keyof typeof keymap) => {
    const chord = keymap[action][0];
    return chord ? ` (${chordLabel(chord, mac)})` : '';
  };
  return (
    <div className="toolbar">
      <ViewTabs view={view} onChange={actions.setView} />
      <div className="toolbar-actions">
        <button
          type="button"
          className="tool"
          data-testid="cancel-selected"
          aria-disabled={selected === 0}
          title={`Cancel the selected orders${hint('cancel')}. ${COUNT_DEFINITIONS.selected}`}
          onClick={() => {
            if (selected > 0) commands.cancelFocusedOrSelected();
          }}
        >
          Cancel selected ({selected})
        </button>
        <button
          type="button"
          className="tool"
          data-testid="open-scope"
          title={`Cancel by venue, account, market and side${hint('scopeCancel')}`}
          onClick={() => commands.openScope()}
        >
          Cancel by scope…
        </button>
        <button
          type="button"
          className="tool tool-danger"
          data-testid="panic-button"
          title={`Cancel every open order on every venue${hint('panic')}`}
          onClick={() => commands.panic('app')}
        >
          Cancel all
        </button>
      </div>
      <div className="toolbar-view">
        <label className="inline-select">
          Group
          <select
            aria-label="Group by"
            data-testid="group-by"
            value={groupBy}
            onChange={(event) => actions.setQuery({ groupBy: event.target.value as GroupBy })}
          >
            {GROUP_BY_OPTIONS.map((option) => (
              <option key={option} value={option}>
                {GROUP_LABELS[option]}
              </option>
            ))}
          </select>
        </label>
        <ColumnsMenu />
        <button
          type="button"
          className="tool"
          data-testid="export-audit"
          title="Save today's audit log as CSV"
          onClick={() => void exportAuditCsv(api, toaster)}
        >
          Export audit
        </button>
        <button
          type="button"
          className="tool"
          data-testid="open-help"
          onClick={() => actions.openDialog({ kind: 'help' })}
        >
          Shortcuts{hint('help')}
        </button>
      </div>
    </div>
  );
}
