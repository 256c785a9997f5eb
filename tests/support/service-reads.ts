/** What a trader would read off the service's snapshot, for the cancel-until-flat suites. */
import type { BlotterService } from '../../main/core/blotter-service.ts';
import type { AccountStatus, IntentProgress } from '../../preload/contract.ts';

export function accountOf(service: BlotterService, accountId: string): AccountStatus | undefined {
  return service.snapshot().accounts.find((each) => each.accountId === accountId);
}

export function connectionOf(service: BlotterService, accountId: string): string | undefined {
  return accountOf(service, accountId)?.connection;
}

/** The intent's progress as the renderer gets it; a missing intent is a test failure, said plainly. */
export function intentOf(service: BlotterService, intentId: string): IntentProgress {
  const found = service.snapshot().intents.find((each) => each.intentId === intentId);
  if (!found) throw new Error(`intent ${intentId} not in the snapshot`);
  return found;
}
