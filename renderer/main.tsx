/** Renderer entry: picks the bridge, starts syncing the store, mounts the app. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBridge } from './bridge/index.ts';
import { App } from './components/App.tsx';
import { startBackgroundNotices } from './components/backgroundNotices.ts';
import { ServicesContext } from './components/context.ts';
import { createBlotterStore } from './store/store.ts';
import { startSync } from './store/sync.ts';
import { createToaster } from './store/toasts.ts';

const bridge = createBridge();
const store = createBlotterStore();
const toaster = createToaster();
startSync(store, bridge);
startBackgroundNotices(store);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
createRoot(container).render(
  <StrictMode>
    <ServicesContext value={{ store, api: bridge.api, toaster }}>
      <App />
    </ServicesContext>
  </StrictMode>,
);
