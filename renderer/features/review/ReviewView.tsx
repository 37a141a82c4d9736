// Call review for team leads and admins: their teams' calls, and one call at a time with its
// recording, timeline and score. Everything comes from the central server through the core; the
// list stays mounted behind an open call, so its filters, pages and scroll survive the visit.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CallDetail } from './CallDetail';
import { type ListFilters, NO_FILTERS, ReviewList } from './ReviewList';
import './review.css';

/** `callId`: open this call at once (a board alert's link). */
export function ReviewView({ callId = null }: { callId?: string | null }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<string | null>(callId);
  const [filters, setFilters] = useState<ListFilters>(NO_FILTERS);
  const [version, setVersion] = useState(0);

  return (
    <div className="review" data-testid="review-view">
      {open === null && (
        <header className="review-header">
          <h1>{t('review.title')}</h1>
        </header>
      )}
      <ReviewList filters={filters} onFilters={setFilters} onOpen={setOpen} version={version} hidden={open !== null} />
      {open !== null && <CallDetail key={open} callId={open} onBack={() => setOpen(null)} onReviewed={() => setVersion((v) => v + 1)} />}
    </div>
  );
}
