/**
 * One account's protection map in the health strip: what protects its orders with the app closed (a
 * venue's own dead-man switch, with its time left) and what only while the app runs; "unprotected" when
 * nothing does. Reads the `protection` part of main's health report (polled once a second).
 */
import type { VenueHealth } from '../../../preload/contract.ts';

function secondsLeft(ms: number | undefined): string {
  return ms === undefined ? '' : ` ${Math.ceil(ms / 1000)} s left`;
}

export function ProtectionMap({ account }: { account: VenueHealth }) {
  const protection = account.protection;
  const closed = protection?.whileClosed ?? [];
  const running = protection?.whileRunning ?? [];
  const dms = protection?.deadManSwitch;
  const state = closed.length > 0 ? 'closed' : running.length > 0 ? 'running' : 'none';
  const dmsBad = dms !== undefined && dms.state !== 'armed' && dms.state !== 'arming';
  return (
    <span
      className={`protection-map protection-${state}${dmsBad ? ' protection-failing' : ''}`}
      data-testid="protection-map"
      data-account={account.accountId}
      data-protection={state}
      data-dms={dms?.state}
      title={[
        closed.length > 0
          ? `With the app closed: ${closed.map((guard) => guard.label).join('; ')}`
          : 'With the app closed: nothing',
        running.length > 0
          ? `While it runs: ${running.map((guard) => guard.label).join('; ')}`
          : 'While it runs: nothing',
        dms?.lastError ? `Last error: ${dms.lastError}` : '',
      ]
        .filter(Boolean)
        .join('\n')}
    >
      {state === 'none' ? <span className="protection-none">unprotected</span> : null}
      {closed.length > 0 ? (
        <span className="protection-closed-label" data-testid="protection-closed">
          🛡 closed:{' '}
          {dms
            ? `DMS ${dms.state}${dms.state === 'armed' ? secondsLeft(dms.timeLeftMs) : ''}`
            : closed.length}
        </span>
      ) : null}
      {running.length > 0 ? (
        <span className="protection-running-label" data-testid="protection-running">
          running: {running.map((guard) => guard.trigger.replaceAll('_', ' ')).join(', ')}
        </span>
      ) : null}
      {dms?.lastError && dmsBad ? <span className="protection-error">{dms.lastError}</span> : null}
    </span>
  );
}
