/**
 * The whole window: header, the workspace (toolbar, filters, status strip, grid, dialogs), notices.
 * The link banner lies over the workspace's status strip: nothing above the grid changes height.
 */
import { Workspace } from '../workspace/Workspace.tsx';
import { BridgeBanner } from './BridgeBanner.tsx';
import { GridBinding } from './GridBinding.tsx';
import { Header } from './Header.tsx';
import { Toasts } from './Toasts.tsx';

export function App() {
  return (
    <div className="app">
      <Header />
      <Workspace grid={(services) => <GridBinding services={services} />} notice={<BridgeBanner />} />
      <Toasts />
    </div>
  );
}
