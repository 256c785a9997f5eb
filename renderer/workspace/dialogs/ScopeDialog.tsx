/** The scoped cancel: venues, accounts, markets and side, with a live preview from main; Y confirms, N backs out. */
import { type FormEvent, type KeyboardEvent, useMemo, useState } from 'react';
import type { CancelPreview, CancelScope, Side, VenueId } from '../../../preload/contract.ts';
import { previewOrders } from '../../../preload/notional.ts';
import { useBlotter, useServices } from '../../book/context.ts';
import { isFinalStatus, VENUE_LABELS, VENUE_ORDER } from '../../book/status.ts';
import type { Commands } from '../state/commands.ts';
import { useWorkflow, useWorkflowServices } from '../state/context.ts';
import { keysToCancel, type VisibleOnly } from '../state/scopeCancel.ts';
import { Modal } from './Modal.tsx';
import { PlanTable, type PreviewLike, PreviewTable, usePreview } from './preview.tsx';
import { yesNo } from './yes-no.ts';

function toggle<T>(list: readonly T[], value: T): T[] {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
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
