/** Electron IPC channel names (kept apart from contract.ts so the sandboxed preload bundle stays tiny). */
export const REQUEST_CHANNEL_PREFIX = 'blotter:request:';
export const UPDATE_CHANNEL = 'blotter:update';
export const SUBSCRIBE_CHANNEL = 'blotter:subscribe';
/** Main → window commands (the OS-wide panic shortcut); subscribing answers with the shortcut's description. */
export const COMMAND_CHANNEL = 'blotter:command';
export const COMMAND_SUBSCRIBE_CHANNEL = 'blotter:command-subscribe';
