// A talk track is versioned data: what the agent says and asks, how the conversation branches,
// which steps cannot be skipped and which outcome each ending suggests. docs/talk-tracks/
// talk-track.schema.json is generated from these schemas (cli/generate-talktrack-schema.ts; a
// test fails when it is stale). Graph rules the schema cannot express (missing branch targets,
// unreachable steps, loops with no exit, unknown variables) are checked by importTalkTrack.
import { z } from 'zod';
import { OutcomeCode } from '../wrapup/outcomes';

export const TrackLocale = z.enum(['en', 'zh-CN']);
export type TrackLocale = z.infer<typeof TrackLocale>;

export const TrackPack = z.enum(['us-regf', 'cn', 'any']).describe('the policy pack the track is written for (any: every pack)');
export type TrackPack = z.infer<typeof TrackPack>;

export const TrackKind = z.enum(['pre-due', 'due-day', 'early-overdue', 'late-overdue', 'agency', 'third-party', 'field-visit', 'inbound']);
export type TrackKind = z.infer<typeof TrackKind>;

export const StepId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'expected letters, digits, _ . - (at most 64, starting with a letter or digit)')
  .describe('unique within the track');

const Text = z.string().trim().min(1).max(2000);
const SpokenText = Text.describe('what the agent says; {{variable}} is filled from the account, formatted for the locale');
const Hint = Text.optional().describe('guidance for the agent, shown but not read out');

export const SayStep = z.strictObject({
  id: StepId,
  type: z.literal('say'),
  text: SpokenText,
  hint: Hint,
  required: z.boolean().default(false).describe('the agent must confirm saying it: it cannot be skipped'),
  next: StepId.optional().describe('the step after this one (default: the next step in the list)'),
});
export type SayStep = z.infer<typeof SayStep>;

export const Answer = z.strictObject({
  label: Text.describe('what the person answered, as the agent picks it'),
  next: StepId,
  digit: z.number().int().min(1).max(9).optional().describe('key that picks it (default: its position, 1–9)'),
});
export type Answer = z.infer<typeof Answer>;

export const QuestionStep = z.strictObject({
  id: StepId,
  type: z.literal('question'),
  text: SpokenText,
  hint: Hint,
  answers: z.array(Answer).min(1).max(9),
});
export type QuestionStep = z.infer<typeof QuestionStep>;

export const EndStep = z.strictObject({
  id: StepId,
  type: z.literal('end'),
  text: SpokenText.optional().describe('closing words, if any'),
  hint: Hint,
  outcome: OutcomeCode.describe('the wrap-up outcome this ending suggests (shared/wrapup)'),
});
export type EndStep = z.infer<typeof EndStep>;

export const Step = z.discriminatedUnion('type', [SayStep, QuestionStep, EndStep]);
export type Step = z.infer<typeof Step>;
export type StepInput = z.input<typeof Step>;

// Objects are strict: a misspelt key (`requird: true`) is an error, not a step silently left skippable.
export const TalkTrack = z
  .strictObject({
    $comment: z.string().optional().describe('free text for authors; ignored'),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'expected lower-case letters, digits and -').describe('stable across versions'),
    version: z.number().int().positive().describe('a newer version replaces an older one with the same id'),
    locale: TrackLocale,
    pack: TrackPack,
    kind: TrackKind,
    title: z.string().trim().min(1).max(200),
    description: z.string().max(2000).optional(),
    start: StepId.optional().describe('the first step (default: the first in the list)'),
    steps: z.array(Step).min(1).max(500),
  })
  .describe('Fairline talk track: one call script, versioned');
export type TalkTrack = z.infer<typeof TalkTrack>;
/** A track as written (defaults not yet applied): the shape demo tracks and imports use. */
export type TalkTrackInput = z.input<typeof TalkTrack>;

export function talkTrackJsonSchema(): Record<string, unknown> {
  return {
    title: 'Fairline talk track',
    ...z.toJSONSchema(TalkTrack, { io: 'input', target: 'draft-2020-12' }),
  };
}

export function talkTrackJsonSchemaText(): string {
  return `${JSON.stringify(talkTrackJsonSchema(), null, 2)}\n`;
}
