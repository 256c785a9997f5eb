/** The Open / Recent switch: plain toggle buttons (named exactly "Open" and "Recent"). */
import type { View } from './state/store.ts';

const VIEWS: readonly { view: View; label: string }[] = [
  { view: 'open', label: 'Open' },
  { view: 'recent', label: 'Recent' },
];

export function ViewTabs({ view, onChange }: { view: View; onChange: (view: View) => void }) {
  return (
    <nav className="view-tabs" aria-label="Views">
      {VIEWS.map((item) => (
        <button
          key={item.view}
          type="button"
          className="view-tab"
          aria-pressed={view === item.view}
          onClick={() => onChange(item.view)}
        >
          {item.label}
        </button>
      ))}
    </nav>
  );
}
