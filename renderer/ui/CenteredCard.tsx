// A single card in the middle of an empty window: start-up, sign-in, recovery, refused access.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import './centered-card.css';

interface Props {
  title: string;
  tone?: 'neutral' | 'danger';
  children?: ReactNode;
  testId?: string;
}

export function CenteredCard({ title, tone = 'neutral', children, testId }: Props) {
  const { t } = useTranslation();
  return (
    <div className="centered-page">
      <section className={`centered-card centered-card-${tone}`} data-testid={testId} aria-labelledby="centered-card-title">
        <div className="centered-card-brand">
          <span className="brand-mark" aria-hidden="true">F</span>
          <span>{t('app.name')}</span>
        </div>
        <h1 id="centered-card-title">{title}</h1>
        {children}
      </section>
    </div>
  );
}
