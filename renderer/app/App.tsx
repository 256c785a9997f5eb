/** The whole window: header, link banner, the workspace (toolbar, filters, grid, dialogs), notices. */
import { Workspace } from '../workspace/Workspace.tsx';
import { BridgeBanner } from './BridgeBanner.tsx';
import { GridBinding } from './GridBinding.tsx';
import { Header } from './Header.tsx';
import { Toasts } from './Toasts.tsx';

export function App() {
  return (
    <div className="app">
      <Header />
      <BridgeBanner />
      <Workspace grid={(services) => <GridBinding services={services} />} />
      <Toasts />
    </div>
  );
}
