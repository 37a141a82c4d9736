// What a call must say that the track's author cannot leave out: the engine puts these steps
// around the track, each marked required (advancing without confirming it is refused) and
// citing its source. Where the pack lists the disclosure (PackData.disclosures) the step names
// that id and takes its source from the pack.
import type { PackData } from '../compliance/pack';
import type { TalktrackMessageKey } from './messages';
import type { TrackKind } from './schema';

export type SystemPhase = 'opening' | 'afterVerification' | 'thirdParty';

export interface SystemStep {
  /** Stable id, logged as `system:<id>`. */
  id: string;
  kind: 'disclosure' | 'reminder';
  phase: SystemPhase;
  textKey: TalktrackMessageKey;
  /** The pack disclosure it fulfils (PackData.disclosures[].id), if the pack lists it. */
  packDisclosure?: string;
  source: string;
}

/**
 * US states whose wiretap laws need every party's consent to record a call, so the call opens
 * with a recording notice (docs/compliance/sources.md, Recording notice). The statutes usually cited: CA Penal
 * Code 632 and 632.7, Del. Code tit. 11 § 1335(a)(4) (disputed: § 2402(c)(4) allows one-party
 * consent), Fla. Stat. 934.03, 720 ILCS 5/14-2, Md. Code Cts. & Jud. Proc. 10-402, Mass. Gen.
 * Laws c. 272 § 99, Mont. Code 45-8-213, N.H. RSA 570-A:2, 18 Pa.C.S. 5703–5704, RCW 9.73.030
 * (quoted from memory, not checked against the texts). States sometimes added (CT for civil
 * liability, MI, NV, OR) are the organisation's call: pass `recordingNoticeStates`, or set
 * `alwaysRecordingNotice`.
 */
export const ALL_PARTY_CONSENT_STATES: readonly string[] = ['CA', 'DE', 'FL', 'IL', 'MD', 'MA', 'MT', 'NH', 'PA', 'WA'];

export const RECORDING_NOTICE_SOURCE = 'state all-party-consent recording statutes: CA, DE, FL, IL, MD, MA, MT, NH, PA, WA (docs/compliance/sources.md, Recording notice)';

export interface DisclosureOptions {
  /** Replaces ALL_PARTY_CONSENT_STATES (two-letter codes). */
  recordingNoticeStates?: readonly string[];
  /** Give the recording notice on every call, whatever the state. */
  alwaysRecordingNotice?: boolean;
}

/** Two-letter state from US-CA or CA; undefined when not a US state code. */
function usState(region: string | undefined): string | undefined {
  if (!region) return undefined;
  const m = /^(?:US-)?([A-Z]{2})$/.exec(region.trim().toUpperCase());
  return m?.[1];
}

function fromPack(pack: Pick<PackData, 'disclosures'>, id: string, fallback: string): { packDisclosure?: string; source: string } {
  const d = pack.disclosures.find((x) => x.id === id);
  return d ? { packDisclosure: d.id, source: d.source } : { source: fallback };
}

/**
 * The required steps of a call under this pack, by phase. `region` is the debtor's state: the
 * recording notice is given where it needs all-party consent, and also when the state is
 * unknown (the cautious reading).
 */
export function requiredSteps(
  pack: Pick<PackData, 'id' | 'disclosures'>,
  kind: TrackKind,
  region: string | undefined,
  options: DisclosureOptions = {},
): SystemStep[] {
  const steps: SystemStep[] = [];
  if (pack.id === 'us-regf') {
    const state = usState(region);
    const states = options.recordingNoticeStates ?? ALL_PARTY_CONSENT_STATES;
    if (kind !== 'field-visit' && (options.alwaysRecordingNotice || state === undefined || states.includes(state)))
      steps.push({ id: 'recording_notice', kind: 'disclosure', phase: 'opening', textKey: 'talktrack.disclosure.recordingNotice', source: state ? `${state}: ${RECORDING_NOTICE_SOURCE}` : RECORDING_NOTICE_SOURCE });
    // The mini-Miranda: said to the verified consumer only (to anyone else it would disclose the debt).
    steps.push({
      id: 'mini_miranda',
      kind: 'disclosure',
      phase: 'afterVerification',
      textKey: 'talktrack.disclosure.miniMiranda',
      ...fromPack(pack, 'mini_miranda_initial', '12 CFR 1006.18(e)'),
      source: `15 U.S.C. 1692e(11); ${fromPack(pack, 'mini_miranda_initial', '12 CFR 1006.18(e)').source}`,
    });
    steps.push({ id: 'third_party_identity', kind: 'reminder', phase: 'thirdParty', textKey: 'talktrack.disclosure.thirdPartyOwnNameOnly', ...fromPack(pack, 'third_party_identity', '12 CFR 1006.10(b)') });
  } else if (pack.id === 'cn') {
    if (kind === 'field-visit')
      steps.push({ id: 'field_credentials', kind: 'disclosure', phase: 'opening', textKey: 'talktrack.disclosure.fieldCredentials', ...fromPack(pack, 'field_credentials', 'NIFA convention (2018) art. 15') });
    else
      steps.push({ id: 'institution_name', kind: 'disclosure', phase: 'opening', textKey: 'talktrack.disclosure.institutionAndAgent', ...fromPack(pack, 'institution_name', 'NIFA convention (2018) art. 15') });
    steps.push({ id: 'third_party_no_debt', kind: 'reminder', phase: 'thirdParty', textKey: 'talktrack.disclosure.thirdPartyNoDebt', ...fromPack(pack, 'third_party_no_debt', 'NIFA convention (2018) arts. 13, 14, 18') });
  } else {
    throw new RangeError(`no call disclosures defined for pack ${pack.id}`);
  }
  return steps;
}
