// United States: FDCPA as implemented by CFPB Regulation F (12 CFR part 1006), tightened by the
// state overlays in us-states.ts (Massachusetts, Nevada, Pennsylvania). Every rule's citation is
// in docs/compliance/sources.md.
import { ALL_CHANNELS, everyDay, withOverlays, type Pack, type PackData } from '../pack';
import { blockedDates } from '../rules/blocked-dates';
import { holds } from '../rules/holds';
import { namedInconvenientTimes } from '../rules/inconvenient-times';
import { usCallFrequency } from '../rules/us-call-frequency';
import { usThirdParty } from '../rules/us-third-party';
import { usWarningSigns } from '../rules/us-warning-signs';
import { stateContactCaps } from '../rules/state-contact-caps';
import { callingWindows } from '../rules/windows';
import { workplaceProhibited } from '../rules/workplace';
import { US_STATE_OVERLAYS } from './us-states';

export const usRegfData: PackData = withOverlays({
  id: 'us-regf',
  version: '2026.2.0',
  name: 'United States — FDCPA / Regulation F',
  country: 'US',
  // Regulation F binds debt collectors; a creditor running Fairline is held to it all the same.
  organisationRole: 'collector',
  windows: [
    {
      id: 'us.time_of_day',
      channels: ALL_CHANNELS,
      parties: ['debtor', 'third_party'],
      weekly: everyDay(['08:00', '21:00']),
      consentLifts: true,
      messageKey: 'outsideWindow',
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
    'us.inconvenient_time': '12 CFR 1006.6(b)(1)(i)',
    'us.workplace': '12 CFR 1006.6(b)(1)(ii), 1006.6(b)(3)',
    'us.hold.cease': '12 CFR 1006.6(c)',
    'us.hold.dispute': '12 CFR 1006.38(d)(2)',
    'us.hold.attorney': '12 CFR 1006.6(b)(2); 1006.10(b)(5)',
    'us.hold.bankruptcy': '11 U.S.C. 362(a)(6)',
    'us.hold.deceased': '12 CFR 1006.2(e), 1006.6(a)(4) (a deceased consumer’s debt is discussed only with the estate’s representative)',
    'us.hold.do_not_call': '12 CFR 1006.14(h)',
    'us.frequency.calls_per_7_days': '12 CFR 1006.14(b)(2)(i)',
    'us.frequency.days_after_conversation': '12 CFR 1006.14(b)(2)(ii)',
    'us.frequency.consent_days': '12 CFR 1006.14(b)(3)(i)',
    'us.warn.unanswered_same_number': '12 CFR 1006.14(b)(2)(i), comment 14(b)(2)(i)-2',
    'us.warn.unanswered_same_number_minutes': '12 CFR 1006.14(b)(2)(i), comment 14(b)(2)(i)-2',
    'us.warn.calls_per_day': '12 CFR 1006.14(b)(2)(i), comment 14(b)(2)(i)-2',
    'us.warn.voicemails_per_day': '12 CFR 1006.14(b)(2)(i), comment 14(b)(2)(i)-2',
    'us.third_party.purpose': '12 CFR 1006.6(d)(1), 1006.10(b)',
    'us.third_party.once': '12 CFR 1006.10(c)',
    'us.third_party.declined': '12 CFR 1006.10(c)',
    'org.blocked_date': 'organisation override (docs/compliance/sources.md, Organisation rules)',
  },
}, US_STATE_OVERLAYS);

export const usRegf: Pack = {
  ...usRegfData,
  rules: [
    holds,
    callingWindows,
    namedInconvenientTimes('us.inconvenient_time'),
    workplaceProhibited('us.workplace'),
    usCallFrequency,
    stateContactCaps,
    ...usWarningSigns,
    usThirdParty,
    blockedDates('org.blocked_date'),
  ],
};
