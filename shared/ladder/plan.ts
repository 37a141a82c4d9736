// What the ladder does to one account on one day (docs/ladder.md), as a pure function of the
// policy, the account's debts and the stage it is in: the stage it belongs in (and the rule that
// put it there) and the treatments due that day. The server's job and the lead's preview both
// call it, so what the preview says is what the job does.
import { type Debt, daysPastDue } from '../domain/portfolio';
import type { LadderPolicy, LadderStage, LadderTier, LadderTreatment, LadderWhen } from './policy';

export interface LadderFacts {
  debts: readonly Pick<Debt, 'dueDate' | 'balanceMinor'>[];
  /** The ladder stage the account is in now (null: never placed on the ladder). */
  stageId: string | null;
}

export interface PlannedMove { from: string | null; to: string; label: LadderStage['label']; rule: string }

export interface DayPlan {
  /** Days past due of the oldest debt still owed; null when nothing is owed (the ladder leaves the account alone). */
  dpd: number | null;
  balanceMinor: number;
  tier: string | null;
  stage: LadderStage | null;
  move: PlannedMove | null;
  treatments: LadderTreatment[];
}

export function tierOf(tiers: readonly LadderTier[], balanceMinor: number): LadderTier {
  return tiers.find((t) => t.upToMinor === null || balanceMinor <= t.upToMinor) ?? tiers[tiers.length - 1]!;
}

function applies(tiers: readonly string[] | undefined, tier: string): boolean {
  return tiers === undefined || tiers.includes(tier);
}

export function fallsOn(on: LadderWhen, dpd: number): boolean {
  if ('dpd' in on) return on.dpd === dpd;
  return dpd >= on.fromDpd && dpd <= on.toDpd && (dpd - on.fromDpd) % on.everyDays === 0;
}

/** The rule that moves an account into a stage, as the preview and the history name it. */
export function stageRule(s: LadderStage): string {
  return `stage:${s.id}`;
}

/** The day's plan for an account; `date` is the account's own calendar day (its address's zone). */
export function planDay(policy: LadderPolicy, facts: LadderFacts, date: string): DayPlan {
  const open = facts.debts.filter((d) => d.balanceMinor > 0);
  const balanceMinor = open.reduce((sum, d) => sum + d.balanceMinor, 0);
  if (open.length === 0) return { dpd: null, balanceMinor, tier: null, stage: null, move: null, treatments: [] };
  const oldestDue = open.map((d) => d.dueDate).sort()[0]!;
  const dpd = daysPastDue(oldestDue, date);
  const tier = tierOf(policy.tiers, balanceMinor).id;
  let stage: LadderStage | null = null;
  for (const s of policy.stages) if (s.fromDpd <= dpd && applies(s.tiers, tier)) stage = s;
  const move = stage && stage.id !== facts.stageId ? { from: facts.stageId, to: stage.id, label: stage.label, rule: stageRule(stage) } : null;
  const treatments = stage
    ? policy.treatments.filter((t) => t.stage === stage.id && applies(t.tiers, tier) && fallsOn(t.on, dpd))
    : [];
  return { dpd, balanceMinor, tier, stage, move, treatments };
}
