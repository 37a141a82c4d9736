// United States: FDCPA as implemented by CFPB Regulation F (12 CFR part 1006), with the state
// calling-window examples collection diallers advertise. Sources per shared/COMPLIANCE.md.
import { ALL_CHANNELS, everyDay, type Pack, type PackData } from '../pack';
import { blockedDates } from '../rules/blocked-dates';
import { holds } from '../rules/holds';
import { namedInconvenientTimes } from '../rules/inconvenient-times';
import { usCallFrequency } from '../rules/us-call-frequency';
import { usThirdParty } from '../rules/us-third-party';
import { usWarningSigns } from '../rules/us-warning-signs';
import { callingWindows } from '../rules/windows';
import { workplaceProhibited } from '../rules/workplace';

const STATE_WINDOW_SOURCE = 'state calling-window rule as published by collection dialler vendors (see shared/COMPLIANCE.md)';

export const usRegfData: PackData = {
  id: 'us-regf',
  version: '2026.1.0',
  name: 'United States — FDCPA / Regulation F',
  country: 'US',
  windows: [
    {
      id: 'us.time_of_day',
      channels: ALL_CHANNELS,
      parties: ['debtor', 'third_party'],
      weekly: everyDay(['08:00', '21:00']),
      consentLifts: true,
      messageKey: 'outsideWindow',
    },
    {
      id: 'us.state_window.nv',
      channels: ALL_CHANNELS,
      parties: ['debtor', 'third_party'],
      regions: ['US-NV'],
      weekly: everyDay(['09:00', '20:00']),
      consentLifts: false,
      messageKey: 'outsideStateWindow',
    },
    {
      id: 'us.state_window.pa_sunday',
      channels: ALL_CHANNELS,
      parties: ['debtor', 'third_party'],
      regions: ['US-PA'],
      weekly: { ...everyDay(['00:00', '24:00']), sun: [['13:30', '21:00']] },
      consentLifts: false,
      messageKey: 'outsideStateWindow',
    },
  ],
  caps: {
    'us.frequency.calls_per_7_days': { value: 7, tighter: 'lower', unit: 'calls' },
    'us.frequency.days_after_conversation': { value: 7, tighter: 'higher', unit: 'days' },
    'us.frequency.consent_days': { value: 7, tighter: 'lower', unit: 'days' },
    'us.warn.unanswered_same_number_minutes': { value: 5, tighter: 'higher', unit: 'minutes' },
    'us.warn.calls_per_day': { value: 7, tighter: 'lower', unit: 'calls' },
    'us.warn.voicemails_per_day': { value: 7, tighter: 'lower', unit: 'calls' },
  },
  holds: [
    { kind: 'cease', rule: 'us.hold.cease', parties: ['debtor'], channels: ALL_CHANNELS },
    { kind: 'dispute', rule: 'us.hold.dispute', parties: ['debtor', 'third_party'], channels: ALL_CHANNELS },
    { kind: 'attorney', rule: 'us.hold.attorney', parties: ['debtor', 'third_party'], channels: ALL_CHANNELS },
    { kind: 'bankruptcy', rule: 'us.hold.bankruptcy', parties: ['debtor', 'third_party'], channels: ALL_CHANNELS },
    { kind: 'deceased', rule: 'us.hold.deceased', parties: ['debtor'], channels: ALL_CHANNELS },
    { kind: 'do_not_call', rule: 'us.hold.do_not_call', parties: ['debtor'], channels: ['call'] },
  ],
  disclosures: [
    { id: 'mini_miranda_initial', when: 'first_communication', textKey: 'disclosure.miniMirandaInitial', source: '12 CFR 1006.18(e)(1)' },
    { id: 'mini_miranda_subsequent', when: 'every_communication', textKey: 'disclosure.fromDebtCollector', source: '12 CFR 1006.18(e)(2)' },
    { id: 'limited_content_message', when: 'voicemail', textKey: 'disclosure.limitedContentMessage', source: '12 CFR 1006.2(j)' },
    { id: 'third_party_identity', when: 'third_party', textKey: 'disclosure.thirdPartyOwnNameOnly', source: '12 CFR 1006.10(b)(1)–(2)' },
    { id: 'validation_notice', when: 'first_communication', textKey: 'disclosure.validationNotice', source: '12 CFR 1006.34' },
  ],
  outcomeHolds: {
    cease_request: 'cease',
    dispute: 'dispute',
    attorney_representation: 'attorney',
    bankruptcy: 'bankruptcy',
    deceased: 'deceased',
    stop_calling_this_number: 'do_not_call',
    wrong_number: 'do_not_call',
  },
  retention: [
    { years: 3, what: 'evidence of compliance, from the last collection activity on the debt', source: '12 CFR 1006.100(a)' },
    { years: 3, what: 'each call recording, from the call', source: '12 CFR 1006.100(b)' },
  ],
  blockedDates: [],
  sources: {
    'us.time_of_day': '12 CFR 1006.6(b)(1)(i)',
    'us.state_window.nv': `Nevada: ${STATE_WINDOW_SOURCE}`,
    'us.state_window.pa_sunday': `Pennsylvania: ${STATE_WINDOW_SOURCE}`,
    'us.inconvenient_time': '12 CFR 1006.6(b)(1)(i)',
    'us.workplace': '12 CFR 1006.6(b)(1)(ii), 1006.6(b)(3)',
    'us.hold.cease': '12 CFR 1006.6(c)',
    'us.hold.dispute': '12 CFR 1006.38(d)(2)',
    'us.hold.attorney': '12 CFR 1006.6(b)(2); 1006.10(b)(6)',
    'us.hold.bankruptcy': '11 U.S.C. 362(a)(6)',
    'us.hold.deceased': 'account hold: debtor deceased (contact only the estate’s representative, 12 CFR 1006.2(e))',
    'us.hold.do_not_call': '12 CFR 1006.14(h)',
    'us.frequency.calls_per_7_days': '12 CFR 1006.14(b)(2)(i)',
    'us.frequency.days_after_conversation': '12 CFR 1006.14(b)(2)(ii)',
    'us.frequency.consent_days': '12 CFR 1006.14(b)(3)(i)',
    'us.warn.unanswered_same_number': '12 CFR 1006.14(b)(2)(i), comment 14(b)(2)(i)-2',
    'us.warn.unanswered_same_number_minutes': '12 CFR 1006.14(b)(2)(i), comment 14(b)(2)(i)-2',
    'us.warn.calls_per_day': '12 CFR 1006.14(b)(2)(i), comment 14(b)(2)(i)-2',
    'us.warn.voicemails_per_day': '12 CFR 1006.14(b)(2)(i), comment 14(b)(2)(i)-2',
    'us.third_party.purpose': '12 CFR 1006.10(b)',
    'us.third_party.once': '12 CFR 1006.10(b)(3)',
    'us.third_party.declined': '12 CFR 1006.10(b)(3)',
    'org.blocked_date': 'organisation override',
  },
};

export const usRegf: Pack = {
  ...usRegfData,
  rules: [
    holds,
    callingWindows,
    namedInconvenientTimes('us.inconvenient_time'),
    workplaceProhibited('us.workplace'),
    usCallFrequency,
    usWarningSigns,
    usThirdParty,
    blockedDates('org.blocked_date'),
  ],
};
