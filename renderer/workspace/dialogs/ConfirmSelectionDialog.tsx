/** The confirmation of a large selection: Enter confirms the focused choice, Y confirms, N or Esc backs out. */
import { useMemo } from 'react';
import type { CancelSource } from '../../../preload/contract.ts';
import { previewOrders } from '../../../preload/notional.ts';
import { useBlotter } from '../../book/context.ts';
import { COUNT_DEFINITIONS, countOpen } from '../../shared/counts.ts';
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
  // The same count as "Cancel selected (N)": selected and still open, live while the dialog is up.
  const open = useBlotter((s) => countOpen(keys, s.book.orders));
  // biome-ignore lint/correctness/useExhaustiveDependencies: the preview follows the open count.
  const preview = useMemo(() => previewOrders(commands.live(keys)), [keys, commands, open]);
  const confirm = () =>
    commands.confirmCancel(
      commands.live(keys).map((order) => order.key),
      source,
    );
  return (
    <Modal
      title={`Cancel ${open} selected ${open === 1 ? 'order' : 'orders'}?`}
      onClose={actions.closeDialog}
      testId="confirm-dialog"
      onKey={yesNo(confirm, actions.closeDialog)}
      tone="danger"
    >
      <PreviewTable preview={preview} testId="confirm-preview" />
      <div className="modal-actions">
        <button
          type="button"
          className="danger"
          data-autofocus
          onClick={confirm}
          title={COUNT_DEFINITIONS.selected}
        >
          Cancel {open} {open === 1 ? 'order' : 'orders'} <kbd>Y</kbd>
        </button>
        <button type="button" onClick={actions.closeDialog}>
          Keep them <kbd>N</kbd>
        </button>
      </div>
    </Modal>
  );
}
