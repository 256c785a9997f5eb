/** The whole window: header, link banner, view switch, grid, notices. */
import { useState } from 'react';
import { BlotterTable, type View } from '../blotter/BlotterTable.tsx';
import { BridgeBanner } from './BridgeBanner.tsx';
import { Header } from './Header.tsx';
import { Toasts } from './Toasts.tsx';
import { ViewTabs } from './ViewTabs.tsx';

export function App() {
  const [view, setView] = useState<View>('open');
  return (
    <div className="app">
      <Header />
      <BridgeBanner />
      <ViewTabs view={view} onChange={setView} />
      <main className="blotter">
        <BlotterTable key={view} view={view} />
      </main>
      <Toasts />
    </div>
  );
}
