// US state overlays on us-regf: each state's contact law as data that only tightens the federal
// pack. The gate applies an overlay when any place the debtor may be is in its state (the
// address, or the area code of any phone on file), the same possible places the federal window
// uses (12 CFR 1006.6(b)(1)(i)).
//
// To add a state (docs/compliance/sources.md, "Adding a state overlay"): add an entry here with
// its windows and/or contact caps, every rule id with a source a compliance officer can look up
// (the statute or regulation and section; per organisation role where the law differs), a row in
// sources.md, and table-driven tests citing it in test/shared/compliance/us-states.test.ts.
import { ALL_CHANNELS, everyDay, type StateOverlay } from '../pack';

/**
 * Massachusetts: at most two telephone or text communications initiated in each 7-day period to
 * the debtor's residence, cell phone or other personal number, and two in each 30-day period to
 * any other number, for each debt. Creditors: 940 CMR 7.04(1)(f); debt collectors: 209 CMR
 * 18.16(1)(d). A call counts when it could have left a message, even if none was left (Watkins
 * v. Glenn Associates, Inc., 474 Mass. 1 (2016), following the Attorney General's reading): an
 * answered call, voicemail, or a call that rang unanswered; busy, not in service and failed calls
 * reached nothing and do not count.
 */
const MA_CALL_RESULTS = ['conversation', 'no_answer', 'voicemail', 'limited_content_message'] as const;
const MA_SOURCE = {
  creditor: '940 CMR 7.04(1)(f); Watkins v. Glenn Assocs., Inc., 474 Mass. 1 (2016)',
  collector: '209 CMR 18.16(1)(d); Watkins v. Glenn Assocs., Inc., 474 Mass. 1 (2016)',
};

export const massachusetts: StateOverlay = {
  id: 'us-ma',
  region: 'US-MA',
  windows: [],
  contactCaps: [
    {
      id: 'us.state.ma.residence_or_cell_per_7_days',
      channels: ['call', 'sms'],
      phoneTypes: ['home', 'mobile'],
      numbers: 'residence_or_cell',
      days: 7,
      countedCallResults: [...MA_CALL_RESULTS],
    },
    {
      id: 'us.state.ma.other_numbers_per_30_days',
      channels: ['call', 'sms'],
      phoneTypes: ['work', 'other'],
      numbers: 'other_numbers',
      days: 30,
      countedCallResults: [...MA_CALL_RESULTS],
    },
  ],
  caps: {
    'us.state.ma.residence_or_cell_per_7_days': { value: 2, tighter: 'lower', unit: 'calls' },
    'us.state.ma.other_numbers_per_30_days': { value: 2, tighter: 'lower', unit: 'calls' },
  },
  sources: {
    'us.state.ma.residence_or_cell_per_7_days': MA_SOURCE,
    'us.state.ma.other_numbers_per_30_days': MA_SOURCE,
  },
};

/**
 * Nevada: no Nevada statute found sets calling hours of its own; NRS 649.370 makes a violation
 * of the FDCPA (whose hours are 08:00–21:00) a violation of Nevada law. The 09:00–20:00 window
 * collection diallers apply in Nevada is kept as a conservative organisation-level window (it
 * only tightens); docs/compliance/sources.md says so for the compliance officer to confirm.
 */
export const nevada: StateOverlay = {
  id: 'us-nv',
  region: 'US-NV',
  windows: [
    {
      id: 'us.state_window.nv',
      channels: ALL_CHANNELS,
      parties: ['debtor', 'third_party'],
      regions: ['US-NV'],
      weekly: everyDay(['09:00', '20:00']),
      consentLifts: false,
      messageKey: 'outsideStateWindow',
    },
  ],
  contactCaps: [],
  caps: {},
  sources: {
    'us.state_window.nv': 'NRS 649.370 (FDCPA hours are Nevada law); 09:00–20:00 is a conservative window, see docs/compliance/sources.md (Nevada)',
  },
};

/**
 * Pennsylvania: the Fair Credit Extension Uniformity Act (73 P.S. § 2270.4) applies the FDCPA's
 * rules to creditors and collectors alike; no Sunday hours for debt collection were found in it.
 * The Sunday 13:30–21:00 window collection diallers apply is kept as a conservative window;
 * docs/compliance/sources.md says so for the compliance officer to confirm.
 */
export const pennsylvania: StateOverlay = {
  id: 'us-pa',
  region: 'US-PA',
  windows: [
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
  contactCaps: [],
  caps: {},
  sources: {
    'us.state_window.pa_sunday': '73 P.S. § 2270.4 (FDCPA rules for creditors and collectors); Sunday 13:30–21:00 is a conservative window, see docs/compliance/sources.md (Pennsylvania)',
  },
};

export const US_STATE_OVERLAYS: StateOverlay[] = [massachusetts, nevada, pennsylvania];
