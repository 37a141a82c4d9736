// The ladder's HTTP shapes (docs/ladder.md), checked at the server's edge and by the console.
import { z } from 'zod';
import { Region, Stage } from '../domain/portfolio';

const Id = z.string().min(1).max(100);

export const PreviewQuery = z.strictObject({
  /** The day to preview (each account's own calendar day); default tomorrow on the server's clock. */
  date: z.iso.date().optional(),
  /** One of the lead's teams; default every team they lead (administrators: every team). */
  teamId: Id.optional(),
});
export type PreviewQuery = z.infer<typeof PreviewQuery>;

export const HistoryQuery = z.strictObject({ accountId: Id });

export const ActionKind = z.enum(['sms', 'email', 'letter', 'call', 'visit', 'placement', 'legal_referral']);
export type ActionKind = z.infer<typeof ActionKind>;

/**
 * Why a treatment would not happen (or did not): the gate's rule, or the ladder's own reason.
 * `message` is the server's English for logs; the console words it from the rest: the gate's
 * `messageKey`, `params` and `source` (as the messages panel does), else the rule and `params`.
 */
export const Refusal = z.object({
  rule: z.string(),
  message: z.string(),
  messageKey: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  source: z.string().optional(),
});
export type Refusal = z.infer<typeof Refusal>;

export const PlannedTreatment = z.object({
  rule: z.string(),
  kind: ActionKind,
  /** Template id, letter type and language, agency: what the treatment is. */
  detail: z.string(),
  refusals: z.array(Refusal),
});
export type PlannedTreatment = z.infer<typeof PlannedTreatment>;

export const PreviewItem = z.object({
  accountId: z.string(),
  ref: z.string(),
  debtorName: z.string(),
  region: Region,
  teamId: z.string().nullable(),
  dpd: z.number().int(),
  tier: z.string(),
  policy: z.string(),
  stage: z.string().nullable(),
  move: z.object({ from: z.string().nullable(), to: z.string(), label: Stage, rule: z.string() }).nullable(),
  treatments: z.array(PlannedTreatment),
});
export type PreviewItem = z.infer<typeof PreviewItem>;

export const LadderPreview = z.object({
  date: z.iso.date(),
  generatedAt: z.string(),
  teams: z.array(z.object({ id: z.string(), name: z.string() })),
  items: z.array(PreviewItem),
});
export type LadderPreview = z.infer<typeof LadderPreview>;

export const StageMove = z.object({
  id: z.string(),
  at: z.string(),
  date: z.iso.date(),
  from: z.string().nullable(),
  to: z.string(),
  label: Stage,
  rule: z.string(),
  policy: z.string(),
});
export type StageMove = z.infer<typeof StageMove>;

/** `missed`: a day no pass worked whose treatment was not done late (docs/ladder.md "Catching up"); the reason is in its detail. */
export const ActionStatus = z.enum(['pending', 'done', 'refused', 'failed', 'missed']);
export type ActionStatus = z.infer<typeof ActionStatus>;

export const LadderActionRecord = z.object({
  id: z.string(),
  accountId: z.string(),
  date: z.iso.date(),
  rule: z.string(),
  kind: ActionKind,
  status: ActionStatus,
  detail: z.record(z.string(), z.unknown()),
  at: z.string(),
});
export type LadderActionRecord = z.infer<typeof LadderActionRecord>;

export const StageHistory = z.object({
  accountId: z.string(),
  stage: z.string().nullable(),
  moves: z.array(StageMove),
  actions: z.array(LadderActionRecord),
});
export type StageHistory = z.infer<typeof StageHistory>;
