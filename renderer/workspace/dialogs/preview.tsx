/** What the bulk-cancel dialogs show before a trader confirms: counts and notional per venue, the plan per account, and main's live preview of a scope. */
import { useEffect, useState } from 'react';
import type {
  AccountPlan,
  CancelPreview,
  CancelScope,
  Notional,
  VenueId,
} from '../../../preload/contract.ts';
import { useServices } from '../../book/context.ts';
import { VENUE_LABELS, VENUE_ORDER } from '../../book/status.ts';
import { groupDigits } from '../../shared/decimal.ts';
import { formatElapsed } from '../../shared/format.ts';

export interface PreviewLike {
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

/**
 * Debounced `previewCancel` for a scope; nothing is asked while the scope is null (nothing chosen yet).
 * `stale` while the shown preview is for an earlier scope: nothing may be decided on it then.
 */
export function usePreview(scope: CancelScope | null): {
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
  const scopeKey = scope === null ? '' : JSON.stringify(scope);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scopeKey is the scope's identity.
  useEffect(() => {
    if (scope === null) {
      setState({ preview: null, error: null, forKey: '' });
      return;
    }
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
