/**
 * A notice whenever the renderer is not (or not yet) in touch with main. It covers the workspace's
 * status strip (a reserved line: venue health is stale without the link anyway) instead of taking a
 * line of its own, so the grid never moves when the link drops or comes back.
 */

import { useBlotter } from '../book/context.ts';
import { selectBridge, selectLoadError } from '../book/store.ts';

export function BridgeBanner() {
  const bridge = useBlotter(selectBridge);
  const loadError = useBlotter(selectLoadError);
  let text: string | null = null;
  switch (bridge.state) {
    case 'connecting':
      text = 'Connecting to the blotter…';
      break;
    case 'reconnecting':
      text =
        'Connection to the blotter lost: reconnecting. Orders shown may be out of date; venue states unknown.';
      break;
    case 'failed':
      text = 'Cannot reach the blotter: venue states unknown.';
      break;
    case 'connected':
      text = loadError ? `Could not load orders: ${loadError}. Retrying…` : null;
      break;
  }
  if (!text) return null;
  const full = bridge.detail ? `${text} ${bridge.detail}` : text;
  return (
    <div
      className={`bridge-banner bridge-banner-${bridge.state}`}
      role="alert"
      data-testid="bridge-banner"
      data-state={bridge.state}
      title={full}
    >
      {text}
      {bridge.detail ? <span className="bridge-banner-detail"> {bridge.detail}</span> : null}
    </div>
  );
}
