/** The panic "cancel all": opens on the safe choice, ignores stray and held keys until armed. */
import { useEffect, useState } from 'react';
import { blockConfirmKey, PANIC_ARM_MS } from '../keys/keyGuard.ts';
import type { Commands } from '../state/commands.ts';
import { useWorkflowServices } from '../state/context.ts';
import { Modal } from './Modal.tsx';
import { PlanTable, PreviewTable, usePreview } from './preview.tsx';
import { yesNo } from './yes-no.ts';

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
      fixedHeight
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
