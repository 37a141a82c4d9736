import { useTranslation } from 'react-i18next';

export type Destination = 'board' | 'review' | 'complaints' | 'reports' | 'ladder' | 'visits' | 'queue' | 'callbacks' | 'day' | 'dialpad' | 'settings';

interface Props {
  /** What this agent's role works with, in order (a field agent's route comes first). */
  destinations: Destination[];
  current: Destination;
  onNavigate: (destination: Destination) => void;
}

const ICONS: Record<Destination, string> = {
  board: 'M4 20V10M10 20V4M16 20v-7M22 20H2',
  review: 'M9 18V6l11-2v12M9 18a3 3 0 1 1-6 0 3 3 0 0 1 6 0zM20 16a3 3 0 1 1-6 0 3 3 0 0 1 6 0zM9 10l11-2',
  complaints: 'M4 5h16v11H9l-5 4zM12 8v3M12 13.5h.01',
  reports: 'M4 4v16h16M8 16v-4M12 16V8M16 16v-6',
  ladder: 'M7 3v18M17 3v18M7 7h10M7 12h10M7 17h10',
  visits: 'M12 21s-6-5.3-6-10a6 6 0 0 1 12 0c0 4.7-6 10-6 10zM12 13a2 2 0 1 0 0-4 2 2 0 0 0 0 4z',
  queue: 'M4 6h16M4 12h16M4 18h10',
  callbacks: 'M12 7v5l3 2M21 12a9 9 0 1 1-18 0 9 9 0 0 1 18 0z',
  day: 'M4 20V14M9 20V9M14 20v-4M19 20V5',
  dialpad: 'M6 5h.01M12 5h.01M18 5h.01M6 11h.01M12 11h.01M18 11h.01M6 17h.01M12 17h.01M18 17h.01M12 21h.01',
  settings: 'M12 8.5a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7zM19.4 13a7.6 7.6 0 0 0 0-2l2-1.6-2-3.4-2.4 1a7.4 7.4 0 0 0-1.7-1L15 3.5h-4l-.4 2.5a7.4 7.4 0 0 0-1.7 1l-2.4-1-2 3.4 2 1.6a7.6 7.6 0 0 0 0 2l-2 1.6 2 3.4 2.4-1a7.4 7.4 0 0 0 1.7 1l.4 2.5h4l.4-2.5a7.4 7.4 0 0 0 1.7-1l2.4 1 2-3.4z',
};

export function NavRail({ destinations, current, onNavigate }: Props) {
  const { t } = useTranslation();
  return (
    <nav className="nav-rail" aria-label={t('nav.label')}>
      <span className="brand-mark nav-brand" aria-hidden="true">F</span>
      {destinations.map((destination) => (
        <button
          key={destination}
          type="button"
          className="nav-item"
          data-testid={`nav-${destination}`}
          aria-current={current === destination ? 'page' : undefined}
          onClick={() => onNavigate(destination)}
        >
          <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true">
            <path d={ICONS[destination]} fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          <span>{t(`nav.${destination}`)}</span>
        </button>
      ))}
    </nav>
  );
}
