/**
 * Validates and dispatches one renderer request. Both the Electron IPC
 * handlers and the browser host go through here, so a payload is checked
 * the same way whichever bridge carried it, and nothing ever throws across
 * the bridge: every answer is a `Result`.
 */
import {
  type ApiError,
  REQUEST_METHODS,
  type RequestMethod,
  type ResponseTypes,
  type Result,
  requestSchemas,
} from '../../preload/contract.ts';
import type { BlotterService } from './blotter-service.ts';
import type { Logger } from './log.ts';

export type Dispatch = (method: string, payload: unknown) => Promise<Result<unknown>>;

function fail(code: ApiError['code'], message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function isMethod(method: string): method is RequestMethod {
  return (REQUEST_METHODS as string[]).includes(method);
}

export function createDispatcher(service: BlotterService, logger: Logger): Dispatch {
  const handlers: { [M in RequestMethod]: (payload: unknown) => ResponseTypes[M] } = {
    snapshot: () => service.snapshot(),
    cancel: (payload) => service.cancel(requestSchemas.cancel.parse(payload)),
    previewCancel: (payload) => service.previewCancel(requestSchemas.previewCancel.parse(payload)),
    cancelScope: (payload) => service.cancelScope(requestSchemas.cancelScope.parse(payload)),
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
      logger.error('request failed', { method, error: err instanceof Error ? err.message : String(err) });
      return fail('internal', `${method} failed: ${err instanceof Error ? err.message : 'internal error'}`);
    }
  };
}
