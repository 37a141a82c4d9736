// Demo talk tracks: every kind of call in English (us-regf) and Simplified Chinese (cn). They are
// data, written as they would be imported; test/shared/talktrack/demo.test.ts runs each through
// importTalkTrack. DEMO_TRACKS holds them validated (defaults applied).
import { importTalkTrack } from '../import';
import type { TalkTrack, TalkTrackInput, TrackKind, TrackLocale } from '../schema';
import { agency as enAgency } from './en/agency';
import { dueDay as enDueDay } from './en/due-day';
import { earlyOverdue as enEarlyOverdue } from './en/early-overdue';
import { fieldVisit as enFieldVisit } from './en/field-visit';
import { inbound as enInbound } from './en/inbound';
import { lateOverdue as enLateOverdue } from './en/late-overdue';
import { preDue as enPreDue } from './en/pre-due';
import { thirdParty as enThirdParty } from './en/third-party';
import { agency as zhAgency } from './zh-CN/agency';
import { dueDay as zhDueDay } from './zh-CN/due-day';
import { earlyOverdue as zhEarlyOverdue } from './zh-CN/early-overdue';
import { fieldVisit as zhFieldVisit } from './zh-CN/field-visit';
import { inbound as zhInbound } from './zh-CN/inbound';
import { lateOverdue as zhLateOverdue } from './zh-CN/late-overdue';
import { preDue as zhPreDue } from './zh-CN/pre-due';
import { thirdParty as zhThirdParty } from './zh-CN/third-party';

/** The demo tracks as written (input to importTalkTrack). */
export const DEMO_TRACK_INPUTS: readonly TalkTrackInput[] = [
  enPreDue, enDueDay, enEarlyOverdue, enLateOverdue, enAgency, enThirdParty, enFieldVisit, enInbound,
  zhPreDue, zhDueDay, zhEarlyOverdue, zhLateOverdue, zhAgency, zhThirdParty, zhFieldVisit, zhInbound,
];

/** The demo tracks, imported (a demo track that fails import is a bug: the error names it). */
export const DEMO_TRACKS: readonly TalkTrack[] = DEMO_TRACK_INPUTS.map((input) => {
  const result = importTalkTrack(input);
  if (!result.ok) throw new Error(`demo track ${input.id}: ${result.errors.map((e) => e.message).join('; ')}`);
  return result.track;
});

export function demoTrack(kind: TrackKind, locale: TrackLocale): TalkTrack {
  return DEMO_TRACKS.find((t) => t.kind === kind && t.locale === locale)!;
}
