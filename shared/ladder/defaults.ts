// The policy Fairline ships for the demo's Chinese and US portfolios (docs/ladder.md), and the
// texts it sends. An organisation imports its own (POST /api/ladder/policies); until it does, the
// ladder runs these for accounts of the region. Placement and legal referral come late and only
// for the larger balances: a small debt is not worth a lawsuit, and the days follow common
// practice (agency after 90 days, legal after 180 for large balances, as the demo portfolio's labels
// have it), not a rule of law.
import type { LadderPolicy } from './policy';

/** The same stages in both countries; their treatments differ. */
const STAGES: LadderPolicy['stages'] = [
  { id: 'pre_due', label: 'reminder', fromDpd: -7 },
  { id: 'due', label: 'reminder', fromDpd: 0 },
  { id: 'early', label: 'early', fromDpd: 1 },
  { id: 'late', label: 'late', fromDpd: 31 },
  { id: 'agency', label: 'agency', fromDpd: 91 },
  { id: 'legal', label: 'legal', fromDpd: 181, tiers: ['large'] },
];

export const DEFAULT_POLICIES: readonly LadderPolicy[] = [
  {
    id: 'cn-default', version: 1, region: 'CN', title: '默认催收阶梯（中国）', runFromHour: 9,
    tiers: [{ id: 'small', upToMinor: 500_000 }, { id: 'large', upToMinor: null }],
    stages: STAGES,
    treatments: [
      { id: 'pre-due-sms', stage: 'pre_due', on: { dpd: -3 }, action: { kind: 'sms', templateId: 'cn-ladder-predue' } },
      { id: 'due-day-call', stage: 'due', on: { dpd: 0 }, action: { kind: 'call' } },
      { id: 'early-sms', stage: 'early', on: { fromDpd: 3, toDpd: 30, everyDays: 7 }, action: { kind: 'sms', templateId: 'cn-ladder-overdue' } },
      { id: 'early-call', stage: 'early', on: { fromDpd: 1, toDpd: 30, everyDays: 3 }, action: { kind: 'call' } },
      { id: 'overdue-notice', stage: 'early', on: { dpd: 15 }, action: { kind: 'letter', letter: 'cn_overdue_notice', language: 'zh-CN' } },
      { id: 'late-sms', stage: 'late', on: { fromDpd: 31, toDpd: 90, everyDays: 10 }, action: { kind: 'sms', templateId: 'cn-ladder-late' } },
      { id: 'late-call', stage: 'late', on: { fromDpd: 31, toDpd: 90, everyDays: 2 }, action: { kind: 'call' } },
      { id: 'late-visit', stage: 'late', on: { dpd: 35 }, tiers: ['large'], action: { kind: 'visit' } },
      { id: 'late-notice', stage: 'late', on: { dpd: 45 }, action: { kind: 'letter', letter: 'cn_overdue_notice', language: 'zh-CN' } },
      { id: 'agency-placement', stage: 'agency', on: { dpd: 91 }, action: { kind: 'placement', agency: '外部委托催收机构' } },
      { id: 'legal-referral', stage: 'legal', on: { dpd: 181 }, tiers: ['large'], action: { kind: 'legal_referral' } },
    ],
  },
  {
    id: 'us-default', version: 1, region: 'US', title: 'Default collection ladder (US)', runFromHour: 10,
    tiers: [{ id: 'small', upToMinor: 100_000 }, { id: 'large', upToMinor: null }],
    stages: STAGES,
    treatments: [
      { id: 'pre-due-sms', stage: 'pre_due', on: { dpd: -3 }, action: { kind: 'sms', templateId: 'us-ladder-predue' } },
      { id: 'due-day-call', stage: 'due', on: { dpd: 0 }, action: { kind: 'call' } },
      { id: 'validation-notice', stage: 'early', on: { dpd: 1 }, action: { kind: 'letter', letter: 'validation_notice', language: 'en' } },
      { id: 'early-sms', stage: 'early', on: { fromDpd: 5, toDpd: 30, everyDays: 7 }, action: { kind: 'sms', templateId: 'us-ladder-overdue' } },
      { id: 'early-call', stage: 'early', on: { fromDpd: 2, toDpd: 30, everyDays: 4 }, action: { kind: 'call' } },
      { id: 'late-sms', stage: 'late', on: { fromDpd: 31, toDpd: 90, everyDays: 14 }, action: { kind: 'sms', templateId: 'us-ladder-late' } },
      { id: 'late-call', stage: 'late', on: { fromDpd: 31, toDpd: 90, everyDays: 3 }, action: { kind: 'call' } },
      { id: 'agency-placement', stage: 'agency', on: { dpd: 91 }, action: { kind: 'placement', agency: 'Outside collection agency' } },
      { id: 'legal-referral', stage: 'legal', on: { dpd: 181 }, tiers: ['large'], action: { kind: 'legal_referral' } },
    ],
  },
];

/** The texts the default policies send, as a message-template file (POST /api/messages/templates). */
export const DEFAULT_LADDER_TEMPLATES = {
  $comment: 'Texts of the default stage ladder (shared/ladder/defaults.ts)',
  templates: [
    {
      id: 'cn-ladder-predue', version: 1, channel: 'sms', locale: 'zh-CN', pack: 'cn', stage: 'reminder', audience: 'debtor', title: '到期前提醒',
      body: '{{debtorName}}您好，您在{{lender}}的借款将于{{dueDate}}到期，应还{{amountDue}}，请按时通过{{paymentChannel}}还款。【{{institution}}】{{optOutNotice}}',
    },
    {
      id: 'cn-ladder-overdue', version: 1, channel: 'sms', locale: 'zh-CN', pack: 'cn', stage: 'early', audience: 'debtor', title: '逾期提醒',
      body: '{{debtorName}}您好，您在{{lender}}的借款已逾期{{daysPastDue}}天，应还{{amountDue}}，请通过{{paymentChannel}}还款，如有疑问请致电{{callbackNumber}}。【{{institution}}】{{optOutNotice}}',
    },
    {
      id: 'cn-ladder-late', version: 1, channel: 'sms', locale: 'zh-CN', pack: 'cn', stage: 'late', audience: 'debtor', title: '逾期较长提醒',
      body: '{{debtorName}}您好，您在{{lender}}的借款已逾期{{daysPastDue}}天，应还{{amountDue}}。如需协商还款计划，请致电{{callbackNumber}}（{{businessHours}}）。【{{institution}}】{{optOutNotice}}',
    },
    {
      id: 'us-ladder-predue', version: 1, channel: 'sms', locale: 'en', pack: 'us-regf', stage: 'reminder', audience: 'debtor', title: 'Payment due soon',
      body: 'Hi {{debtorName}}, this is {{institution}}. Your {{lender}} payment of {{amountDue}} is due {{dueDate}}. Questions: {{callbackNumber}}. {{optOutNotice}}',
    },
    {
      id: 'us-ladder-overdue', version: 1, channel: 'sms', locale: 'en', pack: 'us-regf', stage: 'early', audience: 'debtor', title: 'Past due reminder',
      body: 'Hi {{debtorName}}, this is {{institution}}, a debt collector. Please call {{callbackNumber}} ({{businessHours}}) about your account. {{optOutNotice}}',
    },
    {
      id: 'us-ladder-late', version: 1, channel: 'sms', locale: 'en', pack: 'us-regf', stage: 'late', audience: 'debtor', title: 'Let us find a plan',
      body: 'Hi {{debtorName}}, this is {{institution}}, a debt collector. We can set up a payment plan: call {{callbackNumber}} ({{businessHours}}). {{optOutNotice}}',
    },
  ],
} as const;
