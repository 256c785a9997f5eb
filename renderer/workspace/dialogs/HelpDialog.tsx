/**
 * `?`: the keyboard shortcuts, grouped, each rebindable (press "Add key",
 * then the chord), plus the confirmation settings. Changes persist in
 * localStorage at once.
 */
import { type KeyboardEvent, useState } from 'react';
import { ACTIONS, type ActionId, chordFromEvent, chordLabel, unbindChord } from '../keys/keymap.ts';
import { useWorkflow, useWorkflowServices } from '../state/context.ts';
import { MAX_CONFIRM_THRESHOLD } from '../state/prefs.ts';
import { Modal } from './Modal.tsx';

export function isMacPlatform(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);
}

const GROUPS = ['Navigate', 'Select', 'Cancel', 'View'] as const;

export function HelpDialog({ globalShortcut }: { globalShortcut?: string }) {
  const { actions } = useWorkflowServices();
  const keymap = useWorkflow((s) => s.keymap);
  const prefs = useWorkflow((s) => s.prefs);
  const [capturing, setCapturing] = useState<ActionId | null>(null);
  const mac = isMacPlatform();

  const onKey = (event: KeyboardEvent<HTMLDivElement>): boolean => {
    if (!capturing) return false;
    if (event.key === 'Tab') return false;
    const chord = chordFromEvent(event.nativeEvent);
    if (!chord) return true; // a bare modifier: keep waiting
    actions.bind(capturing, chord);
    setCapturing(null);
    return true;
  };

  return (
    <Modal
      title="Keyboard shortcuts"
      onClose={capturing ? () => setCapturing(null) : actions.closeDialog}
      testId="help-dialog"
      onKey={onKey}
      wide
    >
      <div className="shortcut-groups">
        {GROUPS.map((group) => (
          <section key={group} className="shortcut-group">
            <h3>{group}</h3>
            <dl>
              {ACTIONS.filter((action) => action.group === group).map((action) => (
                <div key={action.id} className="shortcut" data-action={action.id}>
                  <dt>{action.label}</dt>
                  <dd>
                    {keymap[action.id].map((chord) => (
                      <span key={chord} className="chord">
                        <kbd>{chordLabel(chord, mac)}</kbd>
                        <button
                          type="button"
                          className="chord-remove"
                          aria-label={`Remove ${chordLabel(chord, mac)} from ${action.label}`}
                          onClick={() => actions.setOverrides(unbindChord(keymap, action.id, chord))}
                        >
                          ×
                        </button>
                      </span>
                    ))}
                    <button
                      type="button"
                      className="chord-add"
                      aria-pressed={capturing === action.id}
                      onClick={() => setCapturing(capturing === action.id ? null : action.id)}
                    >
                      {capturing === action.id ? 'Press a key… (Esc: stop)' : 'Add key'}
                    </button>
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
      {globalShortcut ? (
        <p className="hint">
          System-wide panic (works when the blotter is in the background): <kbd>{globalShortcut}</kbd>
        </p>
      ) : null}
      <section className="settings">
        <h3>Confirmations</h3>
        <label className="setting">
          Ask before cancelling a selection or scope of at least
          <input
            type="number"
            min={1}
            max={MAX_CONFIRM_THRESHOLD}
            value={prefs.confirmThreshold}
            aria-label="Confirmation threshold (orders)"
            onChange={(event) => {
              const value = Number(event.target.value);
              if (Number.isInteger(value) && value >= 1) {
                actions.setPrefs({ confirmThreshold: Math.min(value, MAX_CONFIRM_THRESHOLD) });
              }
            }}
          />
          orders
        </label>
        <label className="setting check">
          <input
            type="checkbox"
            checked={prefs.panicConfirm === 'always'}
            onChange={(event) =>
              actions.setPrefs({ panicConfirm: event.target.checked ? 'always' : 'never' })
            }
          />
          Ask before "Cancel all" (in the app)
        </label>
      </section>
      <div className="modal-actions">
        <button type="button" onClick={() => actions.setOverrides({})}>
          Reset keys to defaults
        </button>
        <button type="button" data-autofocus onClick={actions.closeDialog}>
          Close <kbd>Esc</kbd>
        </button>
      </div>
    </Modal>
  );
}
