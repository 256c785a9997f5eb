/**
 * The bulk-cancel dialogs, all keyboard-driven: the confirmation of a large
 * selection, the scoped cancel with its live preview (count per venue and
 * notional, from main's `previewCancel`) and the panic "cancel all".
 * Enter confirms the focused choice, Y confirms, N or Esc backs out.
 */
import { type FormEvent, type KeyboardEvent, useEffect, useMemo, useState } from 'react';
import type {
  AccountPlan,
  CancelPreview,
  CancelScope,
  CancelSource,
  Notional,
  Side,
  VenueId,
} from '../../preload/contract.ts';
import { previewOrders } from '../../preload/notional.ts';
import { formatElapsed } from '../blotter/format.ts';
import { useBlotter, useServices } from '../components/context.ts';
import { isFinalStatus, VENUE_LABELS, VENUE_ORDER } from '../store/status.ts';
import type { Commands } from './commands.ts';
import { useWorkflow, useWorkflowServices } from './context.ts';
import { groupDigits } from './decimal.ts';
import { blockConfirmKey, PANIC_ARM_MS } from './keyGuard.ts';
import { Modal } from './Modal.tsx';
import { keysToCancel, type VisibleOnly } from './scopeCancel.ts';

interface PreviewLike {
  total: number;
  byVenue: readonly { venue: VenueId; count: number; notional: readonly Notional[] }[];
  notional: readonly Notional[];
  plan?: readonly AccountPlan[];
}

/** "about 3.2s", "at once" */
function etaText(ms: number): string {
  return ms < 100 ? 'at once' : `about ${formatElapsed(ms)}`;
}

/**
 * The plan before the trader confirms: per account the calls it takes, the budget its limits leave now, an
 * estimate, and which venues are down (their orders queue and go out when they answer).
 */
export function PlanTable({ plan, testId }: { plan: readonly AccountPlan[] | undefined; testId: string }) {
  if (!plan || plan.length === 0) return null;
  return (
    <table className="preview plan" data-testid={testId}>
      <caption>Plan</caption>
      <thead>
        <tr>
          <th scope="col">Account</th>
          <th scope="col" className="num">
            Calls
          </th>
          <th scope="col" className="num">
            Free now
          </th>
          <th scope="col" className="num">
            Estimate
          </th>
        </tr>
      </thead>
      <tbody>
        {plan.map((row) => (
          <tr
            key={row.accountId}
            data-account-id={row.accountId}
            data-connection={row.connection}
            className={row.warning ? 'plan-down' : undefined}
          >
            <td title={row.limits.join('\n')}>
              {row.label} ({VENUE_LABELS[row.venue]})
              {row.warning ? (
                <span className="plan-warning" data-testid="plan-warning">
                  {row.warning}
                </span>
              ) : null}
            </td>
            <td className="num">
              {row.calls}
              {row.bulk ? ' (bulk)' : row.maxBatch > 1 ? ` × ≤${row.maxBatch}` : ''}
            </td>
            <td className="num">{row.freeNow}</td>
            <td className="num">{row.warning ? 'when it answers' : etaText(row.etaMs)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One line per quote currency ("24,917.95 USD"): amounts in different currencies are never added. */
function NotionalCell({ notional }: { notional: readonly Notional[] }) {
  const exact = notional.map((each) => `${each.amount} ${each.quote}`).join('\n');
  return (
    <td className="num" title={exact}>
      {notional.length === 0
        ? '–'
        : notional.map((each) => (
            <div key={each.quote} data-quote={each.quote}>
              {groupDigits(each.amount)} {each.quote}
            </div>
          ))}
    </td>
  );
}

export function PreviewTable({
  preview,
  testId,
  stale = false,
}: {
  preview: PreviewLike | null;
  testId: string;
  stale?: boolean;
}) {
  if (!preview) return <p className="preview-loading">Counting orders…</p>;
  const rows = [...preview.byVenue].sort(
    (a, b) => VENUE_ORDER.indexOf(a.venue) - VENUE_ORDER.indexOf(b.venue),
  );
  return (
    <table
      className={stale ? 'preview preview-stale' : 'preview'}
      data-testid={testId}
      data-total={preview.total}
      data-stale={stale ? 'true' : undefined}
      aria-busy={stale}
    >
      <thead>
        <tr>
          <th scope="col">Venue</th>
          <th scope="col" className="num">
            Orders
          </th>
          <th scope="col" className="num">
            Notional
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.venue} data-venue={row.venue}>
            <td>{VENUE_LABELS[row.venue]}</td>
            <td className="num">{row.count}</td>
            <NotionalCell notional={row.notional} />
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td className="num" data-testid={`${testId}-total`}>
            {preview.total}
          </td>
          <NotionalCell notional={preview.notional} />
        </tr>
      </tfoot>
    </table>
  );
}

/** Y confirms, N closes: the one-key answers of every confirmation. A held (repeating) Y never confirms. */
function yesNo(onYes: () => void, onNo: () => void) {
  return (event: KeyboardEvent<HTMLDivElement>): boolean => {
    if (event.ctrlKey || event.metaKey || event.altKey) return false;
    if (event.key === 'y' || event.key === 'Y') {
      if (event.repeat) return true;
      onYes();
      return true;
    }
    if (event.key === 'n' || event.key === 'N') {
      onNo();
      return true;
    }
    return false;
  };
}

// ------------------------------------------------------- large selection ---

export function ConfirmSelectionDialog({
  keys,
  source,
  commands,
}: {
  keys: string[];
  source: CancelSource;
  commands: Commands;
}) {
  const { actions } = useWorkflowServices();
  const preview = useMemo(() => previewOrders(commands.live(keys)), [keys, commands]);
  const confirm = () => commands.confirmCancel(keys, source);
  return (
    <Modal
      title={`Cancel ${keys.length} selected orders?`}
      onClose={actions.closeDialog}
      testId="confirm-dialog"
      onKey={yesNo(confirm, actions.closeDialog)}
      tone="danger"
    >
      <PreviewTable preview={preview} testId="confirm-preview" />
      <div className="modal-actions">
        <button type="button" className="danger" data-autofocus onClick={confirm}>
          Cancel {keys.length} orders <kbd>Y</kbd>
        </button>
        <button type="button" onClick={actions.closeDialog}>
          Keep them <kbd>N</kbd>
        </button>
      </div>
    </Modal>
  );
}

// ---------------------------------------------------------- scoped cancel ---

function toggle<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

/**
 * Debounced `previewCancel` for a scope. `stale` while the shown preview is
 * for an earlier scope: nothing may be decided on it then.
 */
function usePreview(scope: CancelScope): {
  preview: CancelPreview | null;
  error: string | null;
  stale: boolean;
} {
  const { api } = useServices();
  const [state, setState] = useState<{ preview: CancelPreview | null; error: string | null; forKey: string }>(
    {
      preview: null,
      error: null,
      forKey: '',
    },
  );
  const scopeKey = JSON.stringify(scope);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scopeKey is the scope's identity.
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api.previewCancel(scope).then((result) => {
        if (!live) return;
        setState(
          result.ok
            ? { preview: result.value, error: null, forKey: scopeKey }
            : { preview: null, error: result.error.message, forKey: scopeKey },
        );
      });
    }, 80);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [scopeKey, api]);
  return { preview: state.preview, error: state.error, stale: state.forKey !== scopeKey };
}

function scopeSummary(scope: CancelScope, labelOf: (accountId: string) => string): string {
  const parts: string[] = [];
  if (scope.side) parts.push(`${scope.side === 'buy' ? 'buys' : 'sells'}`);
  else parts.push('orders');
  if (scope.markets?.length) parts.push(`on ${scope.markets.join(', ')}`);
  if (scope.venues?.length) parts.push(`at ${scope.venues.map((v) => VENUE_LABELS[v]).join(', ')}`);
  else parts.push('across venues');
  if (scope.accountIds?.length) parts.push(`in ${scope.accountIds.map(labelOf).join(', ')}`);
  return `All ${parts.join(' ')}`;
}

/** What confirming will send: the keys counted in the preview shown, and that preview. */
interface PlannedCancel extends PreviewLike {
  keys: string[];
  /** Orders matching the scope that are not shown (search/status filter), so not cancelled. */
  notShown: number;
}

function planCancel(
  preview: CancelPreview | null,
  shown: ReadonlySet<string> | null,
  commands: Commands,
): PlannedCancel | null {
  if (!preview) return null;
  if (!shown) return { ...preview, notShown: 0 };
  // Restricted to the shown orders: count and notional of exactly those (shared decimal code).
  const orders = commands.live(keysToCancel(preview.keys, shown));
  return {
    ...previewOrders(orders),
    keys: orders.map((order) => order.key),
    notShown: preview.total - orders.length,
  };
}

/** Under a search or status filter: says the cancel keeps to the shown orders, and how many that leaves out. */
function VisibleOnlyNotice({ visibleOnly, notShown }: { visibleOnly: VisibleOnly; notShown: number }) {
  return (
    <p className="scope-visible-only" data-testid="scope-visible-only">
      The view is narrowed by {visibleOnly.reason}, which a scope cannot express: only orders shown in the
      grid are cancelled
      {notShown > 0
        ? `; ${notShown} more matching this scope ${notShown === 1 ? 'is' : 'are'} not shown and stay open`
        : ''}
      .
    </p>
  );
}

export function ScopeDialog({
  initial,
  visibleOnly,
  commands,
}: {
  initial: CancelScope;
  /** Set when a search or status filter narrows the view: only these (shown) orders may be cancelled. */
  visibleOnly: VisibleOnly | null;
  commands: Commands;
}) {
  const { actions } = useWorkflowServices();
  const accounts = useBlotter((s) => s.book.accounts);
  const { store } = useServices();
  const threshold = useWorkflow((s) => s.prefs.confirmThreshold);
  const [venues, setVenues] = useState<VenueId[]>(initial.venues ?? []);
  const [accountIds, setAccountIds] = useState<string[]>(initial.accountIds ?? []);
  const [markets, setMarkets] = useState<string[]>(initial.markets ?? []);
  const [side, setSide] = useState<Side | null>(initial.side ?? null);
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');

  // Choices: what the live book holds (computed once when the dialog opens).
  // biome-ignore lint/correctness/useExhaustiveDependencies: a snapshot of the book at open time is enough.
  const choices = useMemo(() => {
    const marketSet = new Set<string>(initial.markets ?? []);
    for (const order of store.getState().book.orders.values())
      if (!isFinalStatus(order.status)) marketSet.add(order.market);
    const venueSet = new Set<VenueId>([...accounts.map((a) => a.venue), ...(initial.venues ?? [])]);
    return {
      markets: [...marketSet].sort(),
      venues: VENUE_ORDER.filter((v) => venueSet.has(v)),
    };
  }, []);

  const scope = useMemo(() => {
    const s: CancelScope = {};
    if (venues.length) s.venues = venues;
    if (accountIds.length) s.accountIds = accountIds;
    if (markets.length) s.markets = markets;
    if (side) s.side = side;
    return s;
  }, [venues, accountIds, markets, side]);
  const { preview: mainPreview, error, stale } = usePreview(scope);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the shown keys are a snapshot taken when the dialog opened.
  const shown = useMemo(() => (visibleOnly ? new Set(visibleOnly.keys) : null), []);
  const preview = useMemo(() => planCancel(mainPreview, shown, commands), [mainPreview, shown, commands]);
  const labelOf = (id: string) => accounts.find((a) => a.accountId === id)?.label ?? id;
  const total = preview?.total ?? 0;

  // A stale preview (the scope changed since) decides nothing. The scope is cancelled until flat: the venues
  // are listed again and an order in it placed meanwhile is cancelled too. Under a search or status filter
  // only the shown orders are cancelled, exactly those counted.
  const execute = () => {
    if (!preview || stale || preview.keys.length === 0) return;
    if (visibleOnly) commands.sendCancel(preview.keys, 'scope');
    else commands.cancelScope(scope, 'scope');
    actions.closeDialog();
  };
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!preview || stale || total === 0) return;
    if (step === 'edit' && total >= threshold) setStep('confirm');
    else execute();
  };

  const onKey = (event: KeyboardEvent<HTMLDivElement>): boolean => {
    if (step === 'confirm') return yesNo(execute, () => setStep('edit'))(event);
    const target = event.target as HTMLElement;
    if (event.key === 'Enter' && target.tagName !== 'BUTTON' && target.tagName !== 'SELECT') {
      submit();
      return true;
    }
    return false;
  };

  return (
    <Modal
      title="Cancel by scope"
      onClose={step === 'confirm' ? () => setStep('edit') : actions.closeDialog}
      testId="scope-dialog"
      onKey={onKey}
      focusKey={step}
      wide
    >
      {step === 'edit' ? (
        <form className="scope-form" onSubmit={submit}>
          <fieldset>
            <legend>Venues</legend>
            {choices.venues.map((venue, i) => (
              <label key={venue} className="check">
                <input
                  type="checkbox"
                  checked={venues.includes(venue)}
                  data-autofocus={i === 0 ? true : undefined}
                  onChange={() => setVenues((list) => toggle(list, venue))}
                />
                {VENUE_LABELS[venue]}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Accounts</legend>
            {accounts.map((account) => (
              <label key={account.accountId} className="check">
                <input
                  type="checkbox"
                  checked={accountIds.includes(account.accountId)}
                  onChange={() => setAccountIds((list) => toggle(list, account.accountId))}
                />
                {account.label}
              </label>
            ))}
          </fieldset>
          <fieldset className="scope-markets">
            <legend>Markets</legend>
            {choices.markets.map((market) => (
              <label key={market} className="check">
                <input
                  type="checkbox"
                  checked={markets.includes(market)}
                  onChange={() => setMarkets((list) => toggle(list, market))}
                />
                {market}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Side</legend>
            {(['any', 'buy', 'sell'] as const).map((value) => (
              <label key={value} className="check">
                <input
                  type="radio"
                  name="scope-side"
                  checked={(side ?? 'any') === value}
                  onChange={() => setSide(value === 'any' ? null : value)}
                />
                {value === 'any' ? 'Both' : value === 'buy' ? 'Buys' : 'Sells'}
              </label>
            ))}
          </fieldset>
          <p className="scope-summary" data-testid="scope-summary">
            {scopeSummary(scope, labelOf)}
            {visibleOnly ? ', shown in the grid' : ''}
          </p>
          {visibleOnly ? (
            <VisibleOnlyNotice visibleOnly={visibleOnly} notShown={preview?.notShown ?? 0} />
          ) : null}
          {error ? (
            <p className="form-error">{error}</p>
          ) : (
            <>
              <PreviewTable preview={preview} testId="scope-preview" stale={stale} />
              {visibleOnly ? null : <PlanTable plan={preview?.plan} testId="scope-plan" />}
            </>
          )}
          <div className="modal-actions">
            <button
              type="submit"
              className="danger"
              disabled={!preview || stale || total === 0}
              data-testid="scope-submit"
            >
              Cancel {total} {total === 1 ? 'order' : 'orders'} <kbd>↵</kbd>
            </button>
            <button type="button" onClick={actions.closeDialog}>
              Close <kbd>Esc</kbd>
            </button>
          </div>
          <p className="hint">
            Leave a group empty to take all of it.{' '}
            {visibleOnly
              ? 'Exactly the shown orders counted here are cancelled.'
              : 'The venues are then listed until nothing in this scope is open: an order in it placed meanwhile is cancelled too.'}{' '}
            Confirmation is asked from {threshold} orders.
          </p>
        </form>
      ) : (
        <div className="confirm-step" data-testid="scope-confirm">
          <p>
            <strong>
              {scopeSummary(scope, labelOf)}
              {visibleOnly ? ', shown in the grid' : ''}: cancel these {total} orders?
            </strong>
          </p>
          {visibleOnly ? (
            <VisibleOnlyNotice visibleOnly={visibleOnly} notShown={preview?.notShown ?? 0} />
          ) : null}
          <PreviewTable preview={preview} testId="scope-confirm-preview" />
          {visibleOnly ? null : <PlanTable plan={preview?.plan} testId="scope-confirm-plan" />}
          <p className="hint">
            {visibleOnly
              ? 'Orders placed after this preview are not included.'
              : 'Until flat: orders in this scope placed meanwhile are cancelled too.'}
          </p>
          <div className="modal-actions">
            <button
              type="button"
              className="danger"
              data-autofocus
              onClick={execute}
              data-testid="scope-confirm-yes"
            >
              Yes, cancel {total} <kbd>Y</kbd>
            </button>
            <button type="button" onClick={() => setStep('edit')}>
              Back <kbd>N</kbd>
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}

// ------------------------------------------------------------------ panic ---

export function PanicDialog({ origin, commands }: { origin: 'app' | 'shortcut'; commands: Commands }) {
  const { actions } = useWorkflowServices();
  const { preview, error } = usePreview({});
  // Keys typed in the first moments (the OS-wide shortcut pulls the window forward mid-typing; a
  // chord may be held) never answer: see keyGuard.ts. The confirm button waits as long.
  const [openedAt] = useState(() => performance.now());
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setArmed(true), PANIC_ARM_MS);
    return () => clearTimeout(timer);
  }, []);
  const isArmed = () => performance.now() - openedAt >= PANIC_ARM_MS;
  const execute = () => {
    if (!isArmed()) return;
    commands.cancelScope({}, 'panic');
    actions.closeDialog();
  };
  return (
    <Modal
      title="Cancel ALL open orders"
      onClose={actions.closeDialog}
      testId="panic-dialog"
      onKey={yesNo(execute, actions.closeDialog)}
      blockKey={(event) => blockConfirmKey(event, openedAt, performance.now())}
      data={{ 'data-armed': armed ? 'true' : undefined, 'data-origin': origin }}
      tone="danger"
    >
      {origin === 'shortcut' ? <p className="hint">Opened by the system-wide panic shortcut.</p> : null}
      <p>
        Every open order on every venue and account will be cancelled, and the venues listed until none is
        open (orders placed elsewhere included).
      </p>
      {error ? (
        <p className="form-error">{error}</p>
      ) : (
        <>
          <PreviewTable preview={preview} testId="panic-preview" />
          <PlanTable plan={preview?.plan} testId="panic-plan" />
        </>
      )}
      <div className="modal-actions">
        <button
          type="button"
          className="danger"
          onClick={execute}
          aria-disabled={armed ? undefined : true}
          data-testid="panic-confirm"
        >
          Cancel everything <kbd>Y</kbd>
        </button>
        {/* The safe choice has the focus: a stray Enter keeps the orders. */}
        <button type="button" data-autofocus onClick={actions.closeDialog} data-testid="panic-keep">
          Keep orders <kbd>N</kbd>
        </button>
      </div>
    </Modal>
  );
}
