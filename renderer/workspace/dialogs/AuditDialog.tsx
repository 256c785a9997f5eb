/**
 * The audit trail of one order's whole life (Enter on a row, or double-click):
 * first seen, then requested, sent, acknowledged and confirmed with the time
 * of each step; every audit record about the order (fills included), and CSV
 * export. Refreshes when the order changes.
 */
import { useEffect, useState } from 'react';
import type { OrderAuditTrail } from '../../../preload/contract.ts';
import { useBlotter, useServices } from '../../book/context.ts';
import { STATUS_LABELS, VENUE_LABELS } from '../../book/status.ts';
import { useWorkflowServices } from '../state/context.ts';
import { exportAuditCsv } from '../state/download.ts';
import { Modal } from './Modal.tsx';

function clock(t: number): string {
  const d = new Date(t);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

const STEPS: readonly { field: keyof OrderAuditTrail; label: string }[] = [
  { field: 'seenAt', label: 'First seen' },
  { field: 'requestedAt', label: 'Requested' },
  { field: 'sentAt', label: 'Sent' },
  { field: 'acknowledgedAt', label: 'Acknowledged' },
  { field: 'confirmedAt', label: 'Confirmed' },
];

export function AuditDialog({ orderKey }: { orderKey: string }) {
  const { api, toaster } = useServices();
  const { actions } = useWorkflowServices();
  const order = useBlotter((s) => s.book.orders.get(orderKey));
  // The account by its label, never its internal id.
  const accountLabel = useBlotter(
    (s) => s.book.accounts.find((account) => account.accountId === order?.accountId)?.label,
  );
  const version = order?.version ?? 0;
  const [trail, setTrail] = useState<OrderAuditTrail | null>(null);
  const [error, setError] = useState<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refetch whenever the order moves (its version).
  useEffect(() => {
    let live = true;
    // The audit entry of a change is appended just before the change is published; a short wait is plenty.
    const timer = setTimeout(() => {
      api.audit.query({ key: orderKey }).then((result) => {
        if (!live) return;
        if (result.ok) {
          setTrail(result.value);
          setError(null);
        } else setError(result.error.message);
      });
    }, 30);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, orderKey, version]);

  const requested = trail?.requestedAt;
  const title = order
    ? `${VENUE_LABELS[order.venue]} ${accountLabel ?? ''} · ${order.market} ${order.side} ${order.venueOrderId}`
    : orderKey;
  return (
    <Modal title={`Audit trail · ${title}`} onClose={actions.closeDialog} testId="audit-dialog" wide>
      {order ? (
        <p>
          Status: <strong data-testid="audit-status">{STATUS_LABELS[order.status]}</strong>
          {order.statusReason ? ` (${order.statusReason})` : ''} · filled {order.filled} of {order.quantity}
        </p>
      ) : null}
      {order?.cancel?.lastError ? (
        // The reason in full (the grid cell may cut it short).
        <p className="audit-error" data-testid="audit-error">
          Last cancel error: {order.cancel.lastError.message}
        </p>
      ) : null}
      {order?.cancel?.waiting ? (
        <p className="hint" data-testid="audit-waiting">
          Queued: {order.cancel.waiting.reason}
        </p>
      ) : null}
      {error ? <p className="form-error">{error}</p> : null}
      <table className="audit-steps" data-testid="audit-steps">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Time</th>
            <th scope="col" className="num">
              Since request
            </th>
          </tr>
        </thead>
        <tbody>
          {STEPS.map(({ field, label }) => {
            const t = trail?.[field];
            return (
              <tr key={field} data-step={field} data-time={typeof t === 'number' ? t : undefined}>
                <th scope="row">{label}</th>
                <td className={typeof t === 'number' ? undefined : 'audit-missing'}>
                  {typeof t === 'number' ? clock(t) : '—'}
                </td>
                <td className="num">
                  {typeof t === 'number' && requested !== undefined && t >= requested
                    ? `+${t - requested} ms`
                    : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {trail?.finalStatus ? <p className="hint">Final: {trail.finalStatus}</p> : null}
      <h3 className="audit-heading">Records</h3>
      {trail && trail.records.length === 0 ? (
        <p className="hint">Nothing about this order is in the log yet.</p>
      ) : null}
      <table className="audit-steps" data-testid="audit-records">
        <tbody>
          {trail?.records.map((record) => (
            <tr key={`${record.t}:${record.type}:${record.detail}`} data-type={record.type}>
              <td>{clock(record.t)}</td>
              <td>{record.type}</td>
              <td>{record.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="modal-actions">
        <button type="button" onClick={() => void exportAuditCsv(api, toaster, { key: orderKey })}>
          Export this order (CSV)
        </button>
        <button
          type="button"
          onClick={() => void exportAuditCsv(api, toaster)}
          data-testid="audit-export-all"
        >
          Export today's log (CSV)
        </button>
        <button type="button" data-autofocus onClick={actions.closeDialog}>
          Close <kbd>Esc</kbd>
        </button>
      </div>
    </Modal>
  );
}
