/**
 * The IPC surface, declared once: every request method's name, where it sits on `window.blotter`
 * (`accounts.add`), and whether it changes something in main (a change is never given up on by a timeout:
 * main may still be doing it). `preload/contract.ts` adds each method's payload schema and response type;
 * from these the `BlotterApi` type, the preload, both renderer bridges and main's dispatcher are derived.
 * Plain data (no zod, no Node), so the sandboxed preload and the renderer read it at runtime.
 */
export const API_METHODS = {
  snapshot: { path: 'snapshot', mutates: false },
  cancel: { path: 'cancel', mutates: true },
  previewCancel: { path: 'previewCancel', mutates: false },
  cancelScope: { path: 'cancelScope', mutates: true },
  stopCancel: { path: 'stopCancel', mutates: true },
  accountsList: { path: 'accounts.list', mutates: false },
  accountsAdd: { path: 'accounts.add', mutates: true },
  // A connection test can wait on a keychain unlock prompt and a slow venue: never timed out.
  accountsTest: { path: 'accounts.test', mutates: true },
  accountsRemove: { path: 'accounts.remove', mutates: true },
  accountsSetEnabled: { path: 'accounts.setEnabled', mutates: true },
  accountsForgetOrphan: { path: 'accounts.forgetOrphan', mutates: true },
  setMode: { path: 'setMode', mutates: true },
  health: { path: 'health', mutates: false },
  auditQuery: { path: 'audit.query', mutates: false },
  auditExport: { path: 'audit.export', mutates: false },
  protectionGet: { path: 'protection.get', mutates: false },
  protectionSet: { path: 'protection.set', mutates: true },
  // Cancel-all-on-quit waits for the venues: never timed out.
  protectionQuit: { path: 'protection.quit', mutates: true },
} as const satisfies Record<string, { path: string; mutates: boolean }>;

export type RequestMethod = keyof typeof API_METHODS;
export const REQUEST_METHODS = Object.keys(API_METHODS) as RequestMethod[];

export function isRequestMethod(method: unknown): method is RequestMethod {
  return typeof method === 'string' && Object.hasOwn(API_METHODS, method);
}

/**
 * Builds the nested request half of `window.blotter` from one function that carries a call: every method
 * lands at its path, so no bridge restates the method list.
 */
export function buildRequestApi<Api>(
  call: (method: RequestMethod, payload: unknown) => Promise<unknown>,
): Api {
  const api: Record<string, unknown> = {};
  for (const method of REQUEST_METHODS) {
    const path = API_METHODS[method].path.split('.');
    let target = api;
    for (const part of path.slice(0, -1)) {
      target[part] ??= {};
      target = target[part] as Record<string, unknown>;
    }
    target[path[path.length - 1] as string] = (payload?: unknown) => call(method, payload);
  }
  return api as Api;
}
