/** Electron IPC channel names (kept apart from contract.ts so the sandboxed preload bundle stays tiny). */
export const REQUEST_CHANNEL_PREFIX = 'blotter:request:';
export const UPDATE_CHANNEL = 'blotter:update';
export const SUBSCRIBE_CHANNEL = 'blotter:subscribe';
