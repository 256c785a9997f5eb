/**
 * Filters (venue, account, market, side, status) and the text search. Menus
 * are <details> popovers of checkboxes: reachable with Tab, opened with
 * Enter/Space, closed with Esc or a click elsewhere.
 */
import { type KeyboardEvent, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import type { OrderStatus } from '../../preload/contract.ts';
import { useBlotter, useSampledBlotter, useServices } from '../book/context.ts';
import { STATUS_LABELS, VENUE_LABELS, VENUE_ORDER } from '../book/status.ts';
import { COUNT_DEFINITIONS, countOpenRows } from '../shared/counts.ts';
import { useWorkflow, useWorkflowServices } from './state/context.ts';
import { facets, filtersActive } from './state/view.ts';

const STATUS_CHOICES: readonly OrderStatus[] = [
  'open',
  'partially_filled',
  'cancel_requested',
  'cancelling',
  'unknown',
  'cancelled',
  'filled',
  'rejected',
  'expired',
];

function toggle<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

export function Menu({
  label,
  count,
  testId,
  children,
  onOpen,
}: {
  label: string;
  count: number;
  testId: string;
  children: ReactNode;
  onOpen?: () => void;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent) => {
      if (ref.current && !ref.current.contains(event.target as Node)) ref.current.open = false;
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const onKeyDown = (event: KeyboardEvent<HTMLDetailsElement>) => {
    if (event.key === 'Escape' && ref.current?.open) {
      event.preventDefault();
      ref.current.open = false;
      ref.current.querySelector('summary')?.focus();
    }
  };
  return (
    <details
      ref={ref}
      className="menu"
      data-testid={testId}
      onToggle={(event) => {
        const isOpen = (event.target as HTMLDetailsElement).open;
        setOpen(isOpen);
        if (isOpen) onOpen?.();
      }}
      onKeyDown={onKeyDown}
    >
      <summary className={count > 0 ? 'menu-button menu-active' : 'menu-button'}>
        {label}
        {count > 0 ? <span className="menu-count">{count}</span> : null}
      </summary>
      {open ? <div className="menu-panel">{children}</div> : null}
    </details>
  );
}

export function SearchBox() {
  const { actions } = useWorkflowServices();
  const search = useWorkflow((s) => s.query.search);
  const request = useWorkflow((s) => s.searchRequest);
  const ref = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(search);
  useEffect(() => {
    if (request > 0) {
      ref.current?.focus();
      ref.current?.select();
    }
  }, [request]);
  useEffect(() => setText(search), [search]);
  // Typing stays responsive on a 10,000-row book: the query follows the text after a short pause.
  useEffect(() => {
    if (text === search) return;
    const timer = setTimeout(() => actions.setQuery({ search: text }), 120);
    return () => clearTimeout(timer);
  }, [text, search, actions]);
  return (
    <input
      ref={ref}
      type="search"
      className="search"
      placeholder="Search orders  ( / )"
      aria-label="Search orders"
      data-testid="search"
      value={text}
      onChange={(event) => setText(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          actions.setQuery({ search: text });
          // To the results without picking one (Delete must not cancel a row the trader did not
          // choose): the next j/↓ lands on the first match.
          actions.updateSelection((s) => (s.focus === null ? { ...s, focusIndex: 0 } : s));
          actions.focusGrid();
        }
      }}
    />
  );
}

export function FilterBar() {
  const { actions } = useWorkflowServices();
  const filters = useWorkflow((s) => s.query.filters);
  const search = useWorkflow((s) => s.query.search);
  const rows = useWorkflow((s) => s.result.rows);
  const view = useWorkflow((s) => s.view);
  const accounts = useBlotter((s) => s.book.accounts);
  // One definition per count (shared/counts.ts): in Open, "shown" is the open orders among the rows and
  // its total the header's open count; in Recent, rows and the book's finished orders.
  const shown = useSampledBlotter(
    (s) => (view === 'open' ? countOpenRows(rows, s.book.orders) : rows.length),
    [view, rows],
  );
  const total = useBlotter((s) => (view === 'open' ? s.book.liveCount : s.book.recentRows.length));
  const { store } = useServices();
  const [markets, setMarkets] = useState<string[]>([]);
  const venues = useMemo(() => {
    const present = new Set(accounts.map((a) => a.venue));
    return VENUE_ORDER.filter((v) => present.has(v) || filters.venues.includes(v));
  }, [accounts, filters.venues]);
  const active = filtersActive(filters) || search.trim() !== '';

  return (
    <div className="filter-bar" role="search" aria-label="Filter orders">
      <SearchBox />
      <Menu label="Venue" count={filters.venues.length} testId="filter-venue">
        {venues.map((venue) => (
          <label key={venue} className="check">
            <input
              type="checkbox"
              checked={filters.venues.includes(venue)}
              onChange={() => actions.setFilters({ venues: toggle(filters.venues, venue) })}
            />
            {VENUE_LABELS[venue]}
          </label>
        ))}
      </Menu>
      <Menu label="Account" count={filters.accountIds.length} testId="filter-account">
        {accounts.map((account) => (
          <label key={account.accountId} className="check">
            <input
              type="checkbox"
              checked={filters.accountIds.includes(account.accountId)}
              onChange={() =>
                actions.setFilters({ accountIds: toggle(filters.accountIds, account.accountId) })
              }
            />
            {account.label}
          </label>
        ))}
      </Menu>
      <Menu
        label="Market"
        count={filters.markets.length}
        testId="filter-market"
        onOpen={() =>
          setMarkets(
            [
              ...new Set([...facets(store.getState().book.orders.values()).markets, ...filters.markets]),
            ].sort(),
          )
        }
      >
        {markets.map((market) => (
          <label key={market} className="check">
            <input
              type="checkbox"
              checked={filters.markets.includes(market)}
              onChange={() => actions.setFilters({ markets: toggle(filters.markets, market) })}
            />
            {market}
          </label>
        ))}
      </Menu>
      <label className="inline-select">
        Side
        <select
          aria-label="Side filter"
          data-testid="filter-side"
          value={filters.side ?? 'any'}
          onChange={(event) => {
            const value = event.target.value;
            actions.setFilters({ side: value === 'buy' || value === 'sell' ? value : null });
          }}
        >
          <option value="any">Both</option>
          <option value="buy">Buy</option>
          <option value="sell">Sell</option>
        </select>
      </label>
      <Menu label="Status" count={filters.statuses.length} testId="filter-status">
        {STATUS_CHOICES.map((status) => (
          <label key={status} className="check">
            <input
              type="checkbox"
              checked={filters.statuses.includes(status)}
              onChange={() => actions.setFilters({ statuses: toggle(filters.statuses, status) })}
            />
            {STATUS_LABELS[status]}
          </label>
        ))}
      </Menu>
      {active ? (
        <button
          type="button"
          className="link-button"
          onClick={actions.clearFilters}
          data-testid="clear-filters"
        >
          Clear filters
        </button>
      ) : null}
      <span
        className="shown-count"
        data-testid="shown-count"
        data-shown={shown}
        aria-live="polite"
        title={view === 'open' ? COUNT_DEFINITIONS.shown : COUNT_DEFINITIONS.finished}
      >
        {/* Label first, number last: a count changing width moves nothing after it (no layout shift). */}
        {view === 'open' ? 'Shown:' : 'Finished:'} {active ? `${shown} of ${total}` : `${total}`}
      </span>
    </div>
  );
}
