/** The confirmation of a large selection: Enter confirms the focused choice, Y confirms, N or Esc backs out. */
import { useMemo } from 'react';
import type { CancelSource } from '../../../preload/contract.ts';
import { previewOrders } from '../../../preload/notional.ts';
import type { Commands } from '../state/commands.ts';
import { useWorkflowServices } from '../state/context.ts';
import { Modal } from './Modal.tsx';
import { PreviewTable } from './preview.tsx';
import { yesNo } from './yes-no.ts';

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
