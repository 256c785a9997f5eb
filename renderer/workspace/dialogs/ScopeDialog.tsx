/**
 * The scoped cancel: All, or venues, accounts, markets (listed under their venue) and side, with a live
 * preview from main; Y confirms, N backs out. Nothing chosen cancels nothing (scopeChoice.ts).
 */
import { type FormEvent, type KeyboardEvent, useMemo, useState } from 'react';
import type { CancelPreview, CancelScope, VenueId } from '../../../preload/contract.ts';
import { previewOrders } from '../../../preload/notional.ts';
import { useBlotter, useServices } from '../../book/context.ts';
import { VENUE_LABELS, VENUE_ORDER } from '../../book/status.ts';
import type { Commands } from '../state/commands.ts';
import { useWorkflow, useWorkflowServices } from '../state/context.ts';
import { keysToCancel, type VisibleOnly } from '../state/scopeCancel.ts';
import {
  choiceFromScope,
  EMPTY_SCOPE_MESSAGE,
  marketsByVenue,
  type ScopeChoice,
  scopeOfChoice,
  toggleAccount,
  toggleAll,
  toggleMarket,
  toggleVenue,
  visibleMarketGroups,
} from '../state/scopeChoice.ts';
import { Modal } from './Modal.tsx';
import { PlanTable, type PreviewLike, PreviewTable, usePreview } from './preview.tsx';
import { yesNo } from './yes-no.ts';

function scopeSummary(scope: CancelScope | null, labelOf: (accountId: string) => string): string {
  if (scope === null) return 'Nothing chosen yet';
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
  const [choice, setChoice] = useState<ScopeChoice>(() => choiceFromScope(initial));
  const [step, setStep] = useState<'edit' | 'confirm'>('edit');
  /** The trader tried to confirm with nothing chosen: the dialog says what to choose, louder. */
  const [askedEmpty, setAskedEmpty] = useState(false);

  // Choices: what the live book holds (computed once when the dialog opens).
  // biome-ignore lint/correctness/useExhaustiveDependencies: a snapshot of the book at open time is enough.
  const choices = useMemo(() => {
    const groups = marketsByVenue(store.getState().book.orders.values(), initial.markets ?? []);
    const venueSet = new Set<VenueId>([...accounts.map((a) => a.venue), ...(initial.venues ?? [])]);
    return { groups, venues: VENUE_ORDER.filter((v) => venueSet.has(v)) };
  }, []);
  const marketGroups = visibleMarketGroups(choices.groups, choice.venues);

  const scopeJson = JSON.stringify(scopeOfChoice(choice));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the scope's identity is its JSON.
  const scope = useMemo(() => scopeOfChoice(choice), [scopeJson]);
  const { preview: mainPreview, error, stale } = usePreview(scope);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the shown keys are a snapshot taken when the dialog opened.
  const shown = useMemo(() => (visibleOnly ? new Set(visibleOnly.keys) : null), []);
  const preview = useMemo(
    () => (scope === null ? null : planCancel(mainPreview, shown, commands)),
    [scope, mainPreview, shown, commands],
  );
  const labelOf = (id: string) => accounts.find((a) => a.accountId === id)?.label ?? id;
  const total = preview?.total ?? 0;
  const change = (next: (choice: ScopeChoice) => ScopeChoice) => {
    setAskedEmpty(false);
    setChoice(next);
  };

  // A stale preview (the scope changed since) decides nothing. The scope is cancelled until flat: the venues
  // are listed again and an order in it placed meanwhile is cancelled too. Under a search or status filter
  // only the shown orders are cancelled, exactly those counted.
  const execute = () => {
    if (scope === null) {
      setAskedEmpty(true);
      return;
    }
    if (!preview || stale || preview.keys.length === 0) return;
    if (visibleOnly) commands.sendCancel(preview.keys, 'scope');
    else commands.cancelScope(scope, 'scope');
    actions.closeDialog();
  };
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (scope === null) {
      setAskedEmpty(true);
      return;
    }
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
    // Y answers only a confirmation; on an empty scope it says what to choose instead.
    if ((event.key === 'y' || event.key === 'Y') && scope === null && !event.ctrlKey && !event.metaKey) {
      setAskedEmpty(true);
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
      fixedHeight
    >
      {step === 'edit' ? (
        <form className="scope-form" onSubmit={submit}>
          <label className="check scope-all">
            <input
              type="checkbox"
              checked={choice.all}
              data-testid="scope-all"
              onChange={() => change(toggleAll)}
            />
            <strong>All</strong> — every venue, account and market
          </label>
          <fieldset>
            <legend>Venues</legend>
            {choices.venues.map((venue, i) => (
              <label key={venue} className="check">
                <input
                  type="checkbox"
                  checked={choice.venues.includes(venue)}
                  data-autofocus={i === 0 ? true : undefined}
                  onChange={() => change((c) => toggleVenue(c, venue, choices.groups))}
                />
                {VENUE_LABELS[venue]}
              </label>
            ))}
          </fieldset>
          <fieldset>
            <legend>Accounts</legend>
            {accounts.map((account) => (
              <label key={account.accountId} className="check" title={VENUE_LABELS[account.venue]}>
                <input
                  type="checkbox"
                  checked={choice.accountIds.includes(account.accountId)}
                  onChange={() => change((c) => toggleAccount(c, account.accountId))}
                />
                {account.label}
              </label>
            ))}
          </fieldset>
          <fieldset className="scope-markets" data-testid="scope-markets">
            <legend>Markets{choice.venues.length > 0 ? ' at the venues ticked' : ''}</legend>
            {marketGroups.map((group) => (
              <div
                key={group.venue ?? 'none'}
                className="scope-market-group"
                data-venue={group.venue ?? undefined}
                role="group"
                aria-label={group.venue ? `${VENUE_LABELS[group.venue]} markets` : 'Other markets'}
              >
                <span className="scope-market-venue">
                  {group.venue ? VENUE_LABELS[group.venue] : 'No open orders'}
                </span>
                {group.markets.map((market) => (
                  <label key={market} className="check">
                    <input
                      type="checkbox"
                      checked={choice.markets.includes(market)}
                      onChange={() => change((c) => toggleMarket(c, market))}
                    />
                    {market}
                  </label>
                ))}
              </div>
            ))}
          </fieldset>
          <fieldset>
            <legend>Side</legend>
            {(['any', 'buy', 'sell'] as const).map((value) => (
              <label key={value} className="check">
                <input
                  type="radio"
                  name="scope-side"
                  checked={(choice.side ?? 'any') === value}
                  onChange={() => change((c) => ({ ...c, side: value === 'any' ? null : value }))}
                />
                {value === 'any' ? 'Both' : value === 'buy' ? 'Buys' : 'Sells'}
              </label>
            ))}
          </fieldset>
          <p className="scope-summary" data-testid="scope-summary">
            {scopeSummary(scope, labelOf)}
            {visibleOnly && scope ? ', shown in the grid' : ''}
          </p>
          {scope === null ? (
            <p
              className={askedEmpty ? 'scope-empty scope-empty-asked' : 'scope-empty'}
              data-testid="scope-empty"
              role={askedEmpty ? 'alert' : 'status'}
            >
              {EMPTY_SCOPE_MESSAGE}.
            </p>
          ) : (
            <>
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
            </>
          )}
          <p className="hint">
            {visibleOnly
              ? 'Exactly the shown orders counted here are cancelled.'
              : 'The venues are then listed until nothing in this scope is open: an order in it placed meanwhile is cancelled too.'}{' '}
            Confirmation is asked from {threshold} orders.
          </p>
          <div className="modal-actions">
            <button
              type="submit"
              className="danger"
              disabled={scope !== null && (!preview || stale || total === 0)}
              aria-disabled={scope === null ? true : undefined}
              title={scope === null ? EMPTY_SCOPE_MESSAGE : undefined}
              data-testid="scope-submit"
            >
              {scope === null ? 'Cancel orders' : `Cancel ${total} ${total === 1 ? 'order' : 'orders'}`}{' '}
              <kbd>↵</kbd>
            </button>
            <button type="button" onClick={actions.closeDialog}>
              Close <kbd>Esc</kbd>
            </button>
          </div>
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
