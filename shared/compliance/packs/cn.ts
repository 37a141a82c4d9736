// China: GB/T 45251—2025, the China Banking Association consumer-loan collection guideline
// (2026), the NIFA post-loan collection guideline (2024) and convention (2018). Times are Beijing
// time wherever the debtor is. Every rule's citation is in docs/compliance/sources.md (texts as
// reported: the original PDFs were not at hand).
import { ALL_CHANNELS, everyDay, type Pack, type PackData } from '../pack';
import { blockedDates } from '../rules/blocked-dates';
import { BEIJING, cnCallCaps } from '../rules/cn-call-caps';
import { cnThirdParty } from '../rules/cn-third-party';
import { holds } from '../rules/holds';
import { visitCollectors } from '../rules/visits';
import { callingWindows } from '../rules/windows';

// China's texts name no hold regime like the FDCPA's; these holds are the lender's own
// instructions filed by compliance staff, and the pack honours every one of them.
const HOLD_SOURCE = 'account hold filed by compliance staff (lender instruction)';

export const cnData: PackData = {
  id: 'cn',
  version: '2026.2.0',
  name: '中国 — GB/T 45251—2025 / 中国银行业协会 2026 / 中国互联网金融协会',
  country: 'CN',
  organisationRole: 'collector',
  overlays: [],
  windows: [
    {
      id: 'cn.quiet_hours',
      zone: BEIJING,
      channels: ['call', 'sms', 'email'],
      parties: ['debtor', 'third_party'],
      weekly: everyDay(['08:00', '22:00']),
      consentLifts: true,
      messageKey: 'quietHours',
    },
    {
      id: 'cn.visit_hours',
      zone: BEIJING,
      channels: ['visit'],
      parties: ['debtor', 'third_party'],
      weekly: everyDay(['08:00', '22:00']),
      consentLifts: false,
      messageKey: 'visitHours',
    },
  ],
  caps: {
    'cn.connected_calls_per_day': { value: 3, tighter: 'lower', unit: 'calls' },
    'cn.unanswered_attempts_per_number_per_day': { value: 6, tighter: 'lower', unit: 'attempts' },
    'cn.third_party.consecutive_failed_calls': { value: 3, tighter: 'higher', unit: 'calls' },
    'cn.visit.collectors': { value: 2, tighter: 'higher', unit: 'collectors' },
  },
  holds: [
    { kind: 'cease', rule: 'cn.hold.cease', parties: ['debtor'], channels: ALL_CHANNELS },
    { kind: 'dispute', rule: 'cn.hold.dispute', parties: ['debtor', 'third_party'], channels: ALL_CHANNELS },
    { kind: 'attorney', rule: 'cn.hold.attorney', parties: ['debtor', 'third_party'], channels: ALL_CHANNELS },
    { kind: 'bankruptcy', rule: 'cn.hold.bankruptcy', parties: ['debtor', 'third_party'], channels: ALL_CHANNELS },
    { kind: 'deceased', rule: 'cn.hold.deceased', parties: ['debtor'], channels: ALL_CHANNELS },
    { kind: 'do_not_call', rule: 'cn.hold.do_not_call', parties: ['debtor'], channels: ['call'] },
  ],
  disclosures: [
    { id: 'institution_name', when: 'every_communication', textKey: 'disclosure.institutionName', source: 'NIFA convention (2018) art. 15' },
    { id: 'field_credentials', when: 'visit', textKey: 'disclosure.fieldCredentials', source: 'NIFA convention (2018) art. 15; CBA guideline (2026) art. 22' },
    { id: 'third_party_no_debt', when: 'third_party', textKey: 'disclosure.thirdPartyNoDebt', source: 'NIFA convention (2018) arts. 13, 14, 18' },
  ],
  outcomeHolds: {
    cease_request: 'cease',
    dispute: 'dispute',
    attorney_representation: 'attorney',
    bankruptcy: 'bankruptcy',
    deceased: 'deceased',
    wrong_number: 'do_not_call',
  },
  retention: [{ years: 5, what: 'collection records (calls recorded, visits on audio or video)', source: 'NIFA convention (2018); CBA guideline (2026)' }],
  blockedDates: [],
  sources: {
    'cn.quiet_hours': 'GB/T 45251—2025; CBA consumer-loan collection guideline (2026)',
    'cn.visit_hours': 'CBA consumer-loan collection guideline (2026) art. 22',
    'cn.visit.collectors': 'CBA consumer-loan collection guideline (2026) art. 22',
    'cn.connected_calls_per_day': 'GB/T 45251—2025; NIFA post-loan collection guideline (2024)',
    'cn.unanswered_attempts_per_number_per_day': 'CBA consumer-loan collection guideline (2026)',
    'cn.third_party.consecutive_failed_calls': 'NIFA convention (2018) arts. 13, 14, 18; CBA guideline (2026)',
    'cn.third_party.debtor_reachable': 'NIFA convention (2018) arts. 13, 14, 18; CBA guideline (2026)',
    'cn.third_party.purpose': 'NIFA convention (2018) arts. 13, 14, 18',
    'cn.third_party.declined': 'NIFA convention (2018) art. 18; CBA guideline (2026)',
    'cn.hold.cease': HOLD_SOURCE,
    'cn.hold.dispute': HOLD_SOURCE,
    'cn.hold.attorney': HOLD_SOURCE,
    'cn.hold.bankruptcy': HOLD_SOURCE,
    'cn.hold.deceased': HOLD_SOURCE,
    'cn.hold.do_not_call': HOLD_SOURCE,
    'org.blocked_date': 'organisation override',
  },
};

export const cn: Pack = {
  ...cnData,
  rules: [holds, callingWindows, ...cnCallCaps, cnThirdParty, visitCollectors('cn.visit.collectors'), blockedDates('org.blocked_date', BEIJING)],
};
