/** Renderer entry: picks the bridge, starts syncing the store, mounts the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { startBackgroundNotices } from './app/backgroundNotices.ts';
import { createBridge } from './book/bridge/index.ts';
import { ServicesContext } from './book/context.ts';
import { createBlotterStore } from './book/store.ts';
import { startSync } from './book/sync.ts';
import { createToaster } from './book/toasts.ts';
import { startProtectionNotices } from './workspace/protection/notices.ts';

const bridge = createBridge();
const store = createBlotterStore();
const toaster = createToaster();
startSync(store, bridge);
startBackgroundNotices(store);
startProtectionNotices(bridge.api, toaster);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
createRoot(container).render(
  <StrictMode>
    <ServicesContext value={{ store, api: bridge.api, toaster }}>
      <App />
    </ServicesContext>
  </StrictMode>,
);
