/**
 * Validates and dispatches one renderer request. Both the Electron IPC
 * handlers and the browser host go through here, so a payload is checked
 * the same way whichever bridge carried it, and nothing ever throws across
 * the bridge: every answer is a `Result`.
 */
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
  type ModeState,
  type OrphanRef,
  REQUEST_METHODS,
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

function isMethod(method: string): method is RequestMethod {
  return (REQUEST_METHODS as string[]).includes(method);
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
  const handlers: {
    [M in RequestMethod]: (payload: unknown) => ResponseTypes[M] | Promise<ResponseTypes[M]>;
  } = {
    snapshot: () => service.snapshot(),
    cancel: (payload) => service.cancel(requestSchemas.cancel.parse(payload)),
    previewCancel: (payload) => service.previewCancel(requestSchemas.previewCancel.parse(payload)),
    cancelScope: (payload) => service.cancelScope(requestSchemas.cancelScope.parse(payload)),
    stopCancel: (payload) => service.stopCancel(requestSchemas.stopCancel.parse(payload)),
    accountsList: () => manager().list(),
    accountsAdd: (payload) => manager().add(requestSchemas.accountsAdd.parse(payload)),
    accountsTest: (payload) => manager().test(requestSchemas.accountsTest.parse(payload)),
    accountsRemove: (payload) => manager().remove(requestSchemas.accountsRemove.parse(payload)),
    accountsSetEnabled: (payload) => manager().setEnabled(requestSchemas.accountsSetEnabled.parse(payload)),
    accountsForgetOrphan: (payload) =>
      manager().forgetOrphan(requestSchemas.accountsForgetOrphan.parse(payload)),
    setMode: (payload) => manager().setMode(requestSchemas.setMode.parse(payload)),
    health: () => service.health(),
    auditQuery: (payload) => service.auditQuery(requestSchemas.auditQuery.parse(payload)),
    auditExport: (payload) => service.auditExport(requestSchemas.auditExport.parse(payload)),
  };

  return async (method, payload) => {
    if (typeof method !== 'string' || !isMethod(method)) {
      return fail('invalid_request', `unknown method ${JSON.stringify(String(method)).slice(0, 80)}`);
    }
    const parsed = requestSchemas[method].safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'payload';
      return fail('invalid_request', `${method}: ${where}: ${issue?.message ?? 'invalid'}`);
    }
    try {
      return { ok: true, value: await handlers[method](parsed.data) };
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
