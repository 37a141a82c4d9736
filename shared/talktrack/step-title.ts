// Where an agent is in the conversation, in words, for the team lead's board. An agent's console
// reports the step on screen as `<trackId>:<stepId>` (a track step) or `system:<id>` (a
// disclosure or reminder the engine adds); the lead's console finds the step in its own copy of
// the track and shows a short title: the question the step asks, else its first sentence with
// substance, as the author wrote it (variables shown as "…", so no debtor's data is in it).
import { PACKS } from '../compliance/packs';
import { DEMO_TRACKS } from './demo';
import { requiredSteps } from './disclosures';
import { TrackKind, type Step, type TalkTrack } from './schema';
import type { TalktrackMessageKey } from './messages';

const MAX_TITLE = 90;

/** A short title from a step's text (or a disclosure's): see the file comment. */
export function titleFromText(text: string): string {
  const plain = text.replace(/\{\{\s*\w+\s*\}\}/g, '…').replace(/\s+/g, ' ').trim();
  const sentences = plain.split(/(?<=[.!?。！？])\s*/).map((s) => s.trim()).filter((s) => s !== '');
  if (sentences.length === 0) return '';
  // The question asked, if any (its lead-in is courtesy); else the first sentence with substance
  // ("Thank you." and "Understood." open many steps and say nothing of where the call is).
  const asked = [...sentences].reverse().find((s) => /[?？]$/.test(s));
  const substantial = (s: string) => (/[\u3400-\u9fff]/.test(s) ? s.replace(/[^\u3400-\u9fff]/g, '').length > 6 : s.split(' ').length > 4);
  const title = asked ?? sentences.find(substantial) ?? sentences[0]!;
  if (title.length <= MAX_TITLE) return title;
  const cut = title.slice(0, MAX_TITLE - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > MAX_TITLE / 2 ? cut.slice(0, space) : cut}…`;
}

export interface StepTitle { id: string; kind: Step['type']; title: string }
export interface TrackStepTitles { trackId: string; title: string; locale: string; steps: StepTitle[] }

/** Titles of every step of a track. An end step without closing words is titled ''. */
export function trackStepTitles(track: TalkTrack): TrackStepTitles {
  return {
    trackId: track.id, title: track.title, locale: track.locale,
    steps: track.steps.map((s) => ({ id: s.id, kind: s.type, title: s.text === undefined ? '' : titleFromText(s.text) })),
  };
}

/** A step as reported on the board: `<trackId>:<stepId>`, `system:<id>`, or an id alone (older consoles). */
export function parseReportedStep(step: string): { trackId: string; stepId: string } | { system: string } | { bare: string } {
  const at = step.indexOf(':');
  if (at <= 0) return { bare: step };
  const head = step.slice(0, at);
  const rest = step.slice(at + 1);
  if (head === 'system') return { system: rest };
  return { trackId: head, stepId: rest };
}

let systemSteps: Map<string, { kind: 'disclosure' | 'reminder'; textKey: TalktrackMessageKey }> | undefined;

/** The engine's own steps (`system:<id>`) under any pack: their kind and text. */
export function systemStep(id: string): { kind: 'disclosure' | 'reminder'; textKey: TalktrackMessageKey } | undefined {
  if (!systemSteps) {
    systemSteps = new Map();
    for (const pack of Object.values(PACKS)) {
      for (const kind of TrackKind.options) {
        for (const s of requiredSteps(pack, kind, undefined)) if (!systemSteps.has(s.id)) systemSteps.set(s.id, { kind: s.kind, textKey: s.textKey });
      }
    }
  }
  return systemSteps.get(id);
}

/**
 * The step titles of the tracks asked for, from the console's tracks (pulled from the central
 * store), else the tracks the console ships with. Unknown ids are left out.
 */
export function stepTitlesOf(tracks: readonly TalkTrack[], trackIds: readonly string[]): TrackStepTitles[] {
  const out: TrackStepTitles[] = [];
  for (const id of new Set(trackIds)) {
    const track = tracks.find((t) => t.id === id) ?? DEMO_TRACKS.find((t) => t.id === id);
    if (track) out.push(trackStepTitles(track));
  }
  return out;
}
