// The compliance gate's answer for one phone: allowed, warning, or blocked (until when), with
// every reason and its legal source one click or key away.
import { useTranslation } from 'react-i18next';
import type { PhoneGate } from '../../../shared/api/contract';
import { formatMessage, MESSAGES, sourceText, type MessageKey } from '../../../shared/compliance/messages';
import { type Format, useFormat } from '../../app/format';
import { labelledDateTime } from '../queue/zoned-time';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The engine passes instants and dates as ISO strings; the agent reads them in their language and zone. */
export function readableParams(params: Record<string, string | number>, format: Format): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    out[name] = typeof value !== 'string' ? value : ISO_TIME.test(value) ? format.dateTime(value) : ISO_DATE.test(value) ? format.date(value) : value;
  }
  return out;
}

function reasonText(key: string, params: Record<string, string | number>, language: string, format: Format): string {
  if (!Object.hasOwn(MESSAGES, key)) return key;
  return formatMessage(key as MessageKey, readableParams(params, format), language === 'zh-CN' ? 'zh-CN' : 'en');
}

/** `channel`: what the answer is about, for its label (a call by default, or a field visit). */
export function GateStatus({ gate, channel = 'call' }: { gate: Pick<PhoneGate, 'decision' | 'allowedFrom' | 'reasons'>; channel?: 'call' | 'visit' }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const labels = channel === 'visit'
    ? { allowed: t('visits.gate.allowed'), warn: t('visits.gate.warn'), blocked: t('visits.gate.blocked'), until: (time: string) => t('visits.gate.blockedUntil', { time }) }
    : { allowed: t('gate.allowed'), warn: t('gate.warn'), blocked: t('gate.blocked'), until: (time: string) => t('gate.blockedUntil', { time }) };
  const label = gate.decision === 'allow'
    ? labels.allowed
    : gate.decision === 'warn'
      ? labels.warn
      // With its zone, as the queue's rows say it: the debtor's and the agent's clocks differ.
      : gate.allowedFrom ? labels.until(labelledDateTime(i18n.language, gate.allowedFrom)) : labels.blocked;
  const texts = gate.reasons.map((r) => reasonText(r.messageKey, r.params, i18n.language, format));

  if (gate.reasons.length === 0) {
    return <span className="gate gate-allow" data-testid="gate-status" data-decision={gate.decision}>{label}</span>;
  }
  return (
    <details className={`gate gate-${gate.decision}`} data-testid="gate-status" data-decision={gate.decision}>
      <summary title={texts.join('\n')}>{label}</summary>
      <ul className="gate-reasons">
        {gate.reasons.map((r, i) => (
          <li key={`${r.rule}-${i}`} className={`gate-reason gate-reason-${r.severity}`} data-rule={r.rule}>
            <span className="gate-reason-text">{texts[i]}</span>
            <span className="gate-reason-source">{t('gate.source', { source: sourceText(r.source, i18n.language === 'zh-CN' ? 'zh-CN' : 'en') })}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
