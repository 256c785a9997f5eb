/**
 * The OS-wide panic "cancel all" (Electron globalShortcut). Its own policy
 * (panic-config.ts): bring the window forward and open the confirmation, or
 * cancel everything at once and notify. The renderer learns which shortcut it
 * is when it subscribes to commands, so the shortcut list can show it.
 */
import { type BrowserWindow, globalShortcut, ipcMain, Notification } from 'electron';
import { COMMAND_CHANNEL, COMMAND_SUBSCRIBE_CHANNEL } from '../../preload/channels.ts';
import type { AppCommand } from '../../preload/contract.ts';
import type { BlotterService } from '../core/blotter-service.ts';
import type { Logger } from '../core/log.ts';
import type { PanicConfig } from './panic-config.ts';
import { isTrustedSender } from './sender-check.ts';

export function registerPanicShortcut(options: {
  config: PanicConfig;
  window: BrowserWindow;
  appUrl: string;
  service: () => BlotterService | undefined;
  logger: Logger;
}): () => void {
  const { config, window, appUrl, logger } = options;
  const contents = window.webContents;
  const send = (command: AppCommand) => {
    if (!contents.isDestroyed()) contents.send(COMMAND_CHANNEL, command);
  };
  const accelerator = config.accelerator;

  const fire = () => {
    if (!accelerator || window.isDestroyed()) return;
    logger.warn('panic shortcut pressed', { policy: config.policy });
    if (config.policy === 'immediate') {
      const service = options.service();
      if (!service) return;
      const ack = service.cancelScope({ scope: {}, source: 'panic' });
      const orders = ack.accepted.length + ack.joined.length;
      send({ type: 'panic-sent', accelerator, intentId: ack.intentId, orders });
      if (Notification.isSupported()) {
        new Notification({
          title: 'Cancel all sent',
          body:
            orders > 0 ? `Cancelling ${orders} open orders on every venue.` : 'There were no open orders.',
        }).show();
      }
      return;
    }
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    send({ type: 'panic', accelerator });
  };

  let registered = false;
  if (accelerator) {
    try {
      registered = globalShortcut.register(accelerator, fire);
    } catch (err) {
      logger.warn('panic shortcut rejected', {
        accelerator,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    if (!registered)
      logger.warn('panic shortcut not registered (taken by another application?)', { accelerator });
  }

  ipcMain.handle(COMMAND_SUBSCRIBE_CHANNEL, (event) => {
    if (!isTrustedSender(event, contents, appUrl) || !accelerator) return null;
    const info: AppCommand = { type: 'panic-shortcut', accelerator, policy: config.policy, registered };
    return info;
  });

  return () => {
    ipcMain.removeHandler(COMMAND_SUBSCRIBE_CHANNEL);
    if (registered && accelerator) globalShortcut.unregister(accelerator);
    registered = false;
  };
}
