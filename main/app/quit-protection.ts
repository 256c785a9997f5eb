/**
 * The Electron quit path's part in protection while away: when a venue dead-man switch is armed, ask
 * whether to keep it armed (the venue cancels those markets' orders when the countdown runs out) or to
 * disarm it (the orders rest unprotected while the app is closed); then run the service's quit
 * (cancel-all-on-quit where chosen). The browser host has no quit of its own: its UI calls
 * `protection.quit` with the same choice.
 */
import { dialog } from 'electron';
import type { DmsQuitChoice } from '../../preload/contract.ts';
import type { BlotterService } from '../core/blotter-service.ts';
import type { Logger } from '../core/log.ts';

export async function runQuitProtection(service: BlotterService, logger: Logger): Promise<void> {
  const armed = service.protection.armedDeadManSwitches();
  let choice: DmsQuitChoice = 'keep-armed';
  if (armed.length > 0) {
    const lines = armed.map(
      (each) => `${each.name}: ${each.markets.join(', ')} (countdown ${each.countdownSeconds} s)`,
    );
    const { response } = await dialog.showMessageBox({
      type: 'question',
      buttons: ['Keep armed', 'Disarm'],
      defaultId: 0,
      cancelId: 0,
      title: 'Dead-man switch',
      message: 'A venue dead-man switch is armed. Keep it armed after quitting?',
      detail: `${lines.join('\n')}\n\nKeep armed: the venue cancels the orders in these markets when the countdown runs out.\nDisarm: the countdowns are removed and the orders keep resting with no protection while the app is closed.`,
    });
    choice = response === 1 ? 'disarm' : 'keep-armed';
  }
  const result = await service.protectionQuit({ deadManSwitch: choice });
  for (const problem of result.problems) logger.warn('quit protection', { problem });
  logger.info('quit protection', {
    choice,
    cancelled: result.cancelled.length,
    keptArmed: result.keptArmed.length,
    disarmed: result.disarmed.length,
  });
}
