/**
 * Validates and dispatches one renderer request. Both the Electron IPC
 * handlers and the browser host go through here, so a payload is checked
 * the same way whichever bridge carried it, and nothing ever throws across
 * the bridge: every answer is a `Result`.
 */

import type { z } from 'zod';
import {
  type AccountDraft,
  type AccountEnabledRequest,
  type AccountRef,
  type AccountsState,
  type AccountTestRequest,
  type ApiError,
  type ConfiguredAccount,
  type ConnectionTestResult,
  type ForgetOrphanResult,
  isRequestMethod,
  type ModeState,
  type OrphanRef,
  type RemoveAccountResult,
  type RequestMethod,
  type ResponseTypes,
  type Result,
  requestSchemas,
  type SetModeRequest,
} from '../../preload/contract.ts';
import { ApiFailure } from './api-failure.ts';
import type { BlotterService } from './blotter-service.ts';
import type { Logger } from './log.ts';

export type Dispatch = (method: string, payload: unknown) => Promise<Result<unknown>>;

/** A method's payload after its schema parsed it. */
type RequestData<M extends RequestMethod> = z.output<(typeof requestSchemas)[M]>;

/** Account management and the demo/live switch (main/accounts/manager.ts). */
export interface AccountsHandler {
  list(): Promise<AccountsState>;
  add(draft: AccountDraft): Promise<ConfiguredAccount>;
  test(request: AccountTestRequest): Promise<ConnectionTestResult>;
  remove(request: AccountRef): Promise<RemoveAccountResult>;
  setEnabled(request: AccountEnabledRequest): Promise<ConfiguredAccount>;
  forgetOrphan(request: OrphanRef): Promise<ForgetOrphanResult>;
  setMode(request: SetModeRequest): Promise<ModeState>;
}

function fail(code: ApiError['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

export function createDispatcher(
  service: BlotterService,
  logger: Logger,
  accounts?: AccountsHandler,
): Dispatch {
  const manager = (): AccountsHandler => {
    if (!accounts) throw new ApiFailure('unavailable', 'account management is not available here');
    return accounts;
  };
  // Each handler gets its payload already parsed by the method's schema (below), typed as that schema's output.
  const handlers: {
    [M in RequestMethod]: (payload: RequestData<M>) => ResponseTypes[M] | Promise<ResponseTypes[M]>;
  } = {
    snapshot: () => service.snapshot(),
    cancel: (payload) => service.cancel(payload),
    previewCancel: (payload) => service.previewCancel(payload),
    cancelScope: (payload) => service.cancelScope(payload),
    stopCancel: (payload) => service.stopCancel(payload),
    accountsList: () => manager().list(),
    accountsAdd: (payload) => manager().add(payload),
    accountsTest: (payload) => manager().test(payload),
    accountsRemove: (payload) => manager().remove(payload),
    accountsSetEnabled: (payload) => manager().setEnabled(payload),
    accountsForgetOrphan: (payload) => manager().forgetOrphan(payload),
    setMode: (payload) => manager().setMode(payload),
    health: () => service.health(),
    auditQuery: (payload) => service.auditQuery(payload),
    auditExport: (payload) => service.auditExport(payload),
    protectionGet: () => service.protectionState(),
    protectionSet: (payload) => service.setProtection(payload),
    protectionQuit: (payload) => service.protectionQuit(payload),
  };
  const run = <M extends RequestMethod>(method: M, payload: RequestData<M>) => handlers[method](payload);

  return async (method, payload) => {
    if (!isRequestMethod(method)) {
      return fail('invalid_request', `unknown method ${JSON.stringify(String(method)).slice(0, 80)}`);
    }
    const parsed = requestSchemas[method].safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'payload';
      return fail('invalid_request', `${method}: ${where}: ${issue?.message ?? 'invalid'}`);
    }
    try {
      return { ok: true, value: await run(method, parsed.data as RequestData<typeof method>) };
    } catch (err) {
      if (err instanceof ApiFailure) {
        logger.warn('request refused', { method, code: err.code, error: err.message });
        return fail(err.code, err.message);
      }
      logger.error('request failed', { method, error: err instanceof Error ? err.message : String(err) });
      return fail('internal', `${method} failed: ${err instanceof Error ? err.message : 'internal error'}`);
    }
  };
}
