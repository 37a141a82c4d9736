// Importing a talk track: schema, then the rules a schema cannot state. Every error names the
// step it is about. A failed import changes nothing: replaceTalkTrack hands back the version
// that was active, so the console keeps using it.
import type { z } from 'zod';
import type { PackData } from '../compliance/pack';
import { outcomesFor } from '../wrapup/outcomes';
import type { Params } from '../wrapup/catalogue';
import { formatTalktrackMessage, type TalktrackMessageKey } from './messages';
import { TalkTrack, type Step } from './schema';
import { isDebtVariable, isVariableName, strayBraces, variablesIn } from './variables';

export type ImportErrorCode =
  | 'schema'
  | 'notJson'
  | 'duplicateStep'
  | 'unknownVariable'
  | 'strayBraces'
  | 'debtVariableInThirdPartyTrack'
  | 'missingStep'
  | 'startMissing'
  | 'noNext'
  | 'unreachable'
  | 'noExit'
  | 'duplicateDigit'
  | 'outcomeNotInPack'
  | 'otherTrack'
  | 'notNewer';

export interface ImportError {
  code: ImportErrorCode;
  /** The step it is about (null for the track as a whole). */
  stepId: string | null;
  /** JSON path of the offending value: `steps.3.answers.1.next`. */
  path: string;
  messageKey: TalktrackMessageKey;
  params: Params;
  /** The message in English, for logs and the CLI. */
  message: string;
}

export type ImportResult = { ok: true; track: TalkTrack } | { ok: false; errors: ImportError[] };

function error(code: ImportErrorCode, stepId: string | null, path: (string | number)[], messageKey: TalktrackMessageKey, params: Params): ImportError {
  const all = stepId === null ? params : { step: stepId, ...params };
  return { code, stepId, path: path.join('.'), messageKey, params: all, message: formatTalktrackMessage(messageKey, all, 'en') };
}

/** The id of the step at `steps.<i>` in raw input, if it has one. */
function rawStepId(json: unknown, index: number): string | null {
  const steps = (json as { steps?: unknown })?.steps;
  const step = Array.isArray(steps) ? (steps[index] as { id?: unknown }) : undefined;
  return typeof step?.id === 'string' ? step.id : `#${index + 1}`;
}

function schemaErrors(json: unknown, issues: z.core.$ZodIssue[]): ImportError[] {
  return issues.map((issue) => {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (path[0] === 'steps' && typeof path[1] === 'number') {
      const stepId = rawStepId(json, path[1]);
      const rest = path.slice(2).join('.') || '(step)';
      return error('schema', stepId, path, 'talktrack.import.schema', { path: rest, detail: issue.message });
    }
    return error('schema', null, path, 'talktrack.import.schemaTrack', { path: path.join('.') || '(track)', detail: issue.message });
  });
}

/** Where each step can go next (say: its `next` or the following step; question: its answers). */
export function successors(track: Pick<TalkTrack, 'steps'>, index: number): string[] {
  const step = track.steps[index]!;
  if (step.type === 'say') {
    const next = step.next ?? track.steps[index + 1]?.id;
    return next === undefined ? [] : [next];
  }
  if (step.type === 'question') return step.answers.map((a) => a.next);
  return [];
}

/** The digit each answer is picked with: its own, or its position. */
export function answerDigits(step: Extract<Step, { type: 'question' }>): number[] {
  return step.answers.map((a, i) => a.digit ?? i + 1);
}

function textsOf(step: Step): [string, string][] {
  const texts: [string, string][] = [];
  if (step.text !== undefined) texts.push(['text', step.text]);
  if (step.hint !== undefined) texts.push(['hint', step.hint]);
  if (step.type === 'question') step.answers.forEach((a, i) => texts.push([`answers.${i}.label`, a.label]));
  return texts;
}

/**
 * Validate a talk track from JSON (already parsed, or a string). Errors: schema (with the step
 * id), duplicate step ids, unknown {{variables}}, debt variables in a third-party track,
 * branches to missing steps, a last step that falls off the list, unreachable steps, loops with
 * no exit, duplicate answer digits, and (when `pack` is given) end outcomes the pack lacks.
 */
export function importTalkTrack(input: unknown, options: { pack?: Pick<PackData, 'id' | 'outcomeHolds'> } = {}): ImportResult {
  let json = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (e) {
      return { ok: false, errors: [error('notJson', null, [], 'talktrack.import.notJson', { detail: (e as Error).message })] };
    }
  }
  const parsed = TalkTrack.safeParse(json);
  if (!parsed.success) return { ok: false, errors: schemaErrors(json, parsed.error.issues) };
  const track = parsed.data;
  const errors: ImportError[] = [];

  const index = new Map<string, number>();
  track.steps.forEach((step, i) => {
    if (index.has(step.id)) errors.push(error('duplicateStep', step.id, ['steps', i, 'id'], 'talktrack.import.duplicateStep', {}));
    else index.set(step.id, i);
  });

  const thirdParty = track.kind === 'third-party';
  track.steps.forEach((step, i) => {
    for (const [field, text] of textsOf(step)) {
      for (const name of variablesIn(text)) {
        if (!isVariableName(name)) errors.push(error('unknownVariable', step.id, ['steps', i, field], 'talktrack.import.unknownVariable', { variable: name }));
        else if (thirdParty && isDebtVariable(name))
          errors.push(error('debtVariableInThirdPartyTrack', step.id, ['steps', i, field], 'talktrack.import.debtVariableInThirdPartyTrack', { variable: name }));
      }
      if (strayBraces(text)) errors.push(error('strayBraces', step.id, ['steps', i, field], 'talktrack.import.strayBraces', { braces: '{{ }}' }));
    }
    if (step.type === 'say' && step.next !== undefined && !index.has(step.next))
      errors.push(error('missingStep', step.id, ['steps', i, 'next'], 'talktrack.import.missingStep', { target: step.next }));
    if (step.type === 'say' && step.next === undefined && i === track.steps.length - 1)
      errors.push(error('noNext', step.id, ['steps', i], 'talktrack.import.noNext', {}));
    if (step.type === 'question') {
      step.answers.forEach((a, k) => {
        if (!index.has(a.next)) errors.push(error('missingStep', step.id, ['steps', i, 'answers', k, 'next'], 'talktrack.import.missingStep', { target: a.next }));
      });
      const seen = new Set<number>();
      answerDigits(step).forEach((d, k) => {
        if (seen.has(d)) errors.push(error('duplicateDigit', step.id, ['steps', i, 'answers', k, 'digit'], 'talktrack.import.duplicateDigit', { digit: d }));
        seen.add(d);
      });
    }
    if (step.type === 'end' && options.pack && !outcomesFor(options.pack).some((o) => o.code === step.outcome))
      errors.push(error('outcomeNotInPack', step.id, ['steps', i, 'outcome'], 'talktrack.import.outcomeNotInPack', { outcome: step.outcome, pack: options.pack.id }));
  });

  const start = track.start ?? track.steps[0]!.id;
  if (!index.has(start)) errors.push(error('startMissing', null, ['start'], 'talktrack.import.startMissing', { target: start }));
  if (!index.has(start)) return { ok: false, errors };

  // Graph checks over the branches that land somewhere. A step with a dangling branch already
  // has its error, so it counts as an exit: it is not reported again as a loop.
  const n = track.steps.length;
  const dangling = new Array<boolean>(n).fill(false);
  const next = track.steps.map((step, i) => {
    const targets = successors(track, i);
    if (step.type === 'say' && targets.length === 0) dangling[i] = true; // reported as noNext
    return targets.flatMap((id) => {
      const j = index.get(id);
      if (j === undefined) dangling[i] = true;
      return j === undefined ? [] : [j];
    });
  });
  const reachable = new Array<boolean>(n).fill(false);
  const queue = [index.get(start)!];
  reachable[queue[0]!] = true;
  while (queue.length > 0) {
    for (const j of next[queue.pop()!]!) {
      if (reachable[j]) continue;
      reachable[j] = true;
      queue.push(j);
    }
  }
  // Steps from which some end step can be reached: walk the edges backwards from the ends.
  const previous: number[][] = track.steps.map(() => []);
  next.forEach((targets, i) => targets.forEach((j) => previous[j]!.push(i)));
  const exits = new Array<boolean>(n).fill(false);
  const back = track.steps.flatMap((s, i) => (s.type === 'end' || dangling[i] ? [i] : []));
  for (const i of back) exits[i] = true;
  while (back.length > 0) {
    for (const j of previous[back.pop()!]!) {
      if (exits[j]) continue;
      exits[j] = true;
      back.push(j);
    }
  }
  track.steps.forEach((step, i) => {
    // A duplicate id's later copies are reported as duplicates, not as unreachable.
    if (index.get(step.id) !== i) return;
    if (!reachable[i]) errors.push(error('unreachable', step.id, ['steps', i], 'talktrack.import.unreachable', {}));
    else if (!exits[i]) errors.push(error('noExit', step.id, ['steps', i], 'talktrack.import.noExit', {}));
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, track };
}

/**
 * Import a new version of the active track. On any error the active track stays as it was
 * (`active` is the one to keep using); a different track id or a version not newer than the
 * active one is an error too. With no active track, any valid track becomes active.
 */
export function replaceTalkTrack(
  active: TalkTrack | null,
  input: unknown,
  options: { pack?: Pick<PackData, 'id' | 'outcomeHolds'> } = {},
): { active: TalkTrack | null; replaced: boolean; result: ImportResult } {
  const result = importTalkTrack(input, options);
  if (!result.ok) return { active, replaced: false, result };
  if (active) {
    const t = result.track;
    const errors: ImportError[] = [];
    if (t.id !== active.id) errors.push(error('otherTrack', null, ['id'], 'talktrack.import.otherTrack', { id: t.id, active: active.id }));
    else if (t.version <= active.version) errors.push(error('notNewer', null, ['version'], 'talktrack.import.notNewer', { version: t.version, active: active.version }));
    if (errors.length > 0) return { active, replaced: false, result: { ok: false, errors } };
  }
  return { active: result.track, replaced: true, result };
}

/** The newest valid track for a call: this kind and locale, written for this pack or for any. */
export function selectTalkTrack(tracks: readonly TalkTrack[], want: { kind: TalkTrack['kind']; locale: TalkTrack['locale']; packId: string }): TalkTrack | undefined {
  let best: TalkTrack | undefined;
  for (const t of tracks) {
    if (t.kind !== want.kind || t.locale !== want.locale || (t.pack !== 'any' && t.pack !== want.packId)) continue;
    // A track written for the pack beats a generic one; then the newest version.
    const better = !best || (t.pack !== 'any' && best.pack === 'any') || ((t.pack === 'any') === (best.pack === 'any') && t.version > best.version);
    if (better) best = t;
  }
  return best;
}
