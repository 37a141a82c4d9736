// The stage ladder as the organisation's policy (docs/ladder.md): stages by days past due and
// balance tier, and the treatments each stage gets on which days. Versioned data, imported like
// talk tracks and message templates: the whole file is refused when one field is wrong, and each
// error names the policy (`id@version`) and the field's path.
import { z } from 'zod';
import { Region, Stage } from '../domain/portfolio';
import { LETTERS_BY_REGION } from '../messaging/letters';

const Slug = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,59}$/, 'expected lower-case letters, digits, - and _');
/** A year before due to ten years after: wider is a typo. */
const Dpd = z.number().int().min(-365).max(3650);

export const LadderTier = z.strictObject({
  id: Slug,
  /** The tier holds balances up to this (minor units, inclusive); null: everything above the tiers before. */
  upToMinor: z.number().int().positive().nullable(),
});
export type LadderTier = z.infer<typeof LadderTier>;

export const LadderStage = z.strictObject({
  id: Slug,
  /** What consoles show and rank by (the debt's stage label). */
  label: Stage,
  /** The account enters the stage on this day past due (negative: before the due date). */
  fromDpd: Dpd,
  /** Only accounts of these tiers enter it; absent: every tier. */
  tiers: z.array(Slug).min(1).optional(),
});
export type LadderStage = z.infer<typeof LadderStage>;

export const LadderAction = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('sms'), templateId: z.string().min(1).max(80) }),
  z.strictObject({ kind: z.literal('email'), templateId: z.string().min(1).max(80) }),
  z.strictObject({ kind: z.literal('letter'), letter: z.enum(['validation_notice', 'cn_overdue_notice']), language: z.enum(['en', 'es', 'zh-CN']) }),
  /** A call: the account goes to a collector of its team's queue. */
  z.strictObject({ kind: z.literal('call') }),
  /** A home visit: the account goes on the team's field agent's route for the day. */
  z.strictObject({ kind: z.literal('visit') }),
  /**
   * Placement with a collection agency; `agency` is its name as the organisation knows it, `team`
   * the id of its team (an outside agency's, `teams.external`): the account is handed to that team.
   * Without `team` the placement is recorded and labels the stage only (the shipped defaults, since
   * a new server has no agency).
   */
  z.strictObject({ kind: z.literal('placement'), agency: z.string().trim().min(1).max(200), team: z.string().trim().min(1).max(80).optional() }),
  z.strictObject({ kind: z.literal('legal_referral') }),
]);
export type LadderAction = z.infer<typeof LadderAction>;
export type LadderActionKind = LadderAction['kind'];

/** One day past due, or a cadence: every `everyDays` from `fromDpd` to `toDpd` (inclusive). */
export const LadderWhen = z.union([
  z.strictObject({ dpd: Dpd }),
  z.strictObject({ fromDpd: Dpd, toDpd: Dpd, everyDays: z.number().int().min(1).max(365) }),
]);
export type LadderWhen = z.infer<typeof LadderWhen>;

export const LadderTreatment = z.strictObject({
  id: Slug,
  /** The stage the account must be in that day. */
  stage: Slug,
  on: LadderWhen,
  tiers: z.array(Slug).min(1).optional(),
  action: LadderAction,
});
export type LadderTreatment = z.infer<typeof LadderTreatment>;

export const LadderPolicy = z.strictObject({
  id: Slug,
  version: z.number().int().positive(),
  region: Region,
  title: z.string().trim().min(1).max(200),
  /** The day's ladder runs for an account from this hour at its address (texts go out in the day, not at midnight). */
  runFromHour: z.number().int().min(0).max(23),
  tiers: z.array(LadderTier).min(1).max(10),
  stages: z.array(LadderStage).min(1).max(30),
  treatments: z.array(LadderTreatment).max(200),
});
export type LadderPolicy = z.infer<typeof LadderPolicy>;

export const LadderPolicyFile = z.strictObject({
  $comment: z.string().optional(),
  policies: z.array(z.unknown()).min(1).max(20),
});

export interface PolicyError { policy: string; path: string; message: string }

/** What the import checks templates against: the server's active templates. */
export interface KnownTemplate { id: string; channel: 'sms' | 'email'; pack: 'cn' | 'us-regf' | 'any'; audience: 'debtor' | 'third_party' }

/** What the import checks a placement's team against: the server's teams, and which are outside agencies. */
export interface KnownTeam { id: string; name: string; external: boolean }

export type PolicyImport = { ok: true; policies: LadderPolicy[] } | { ok: false; errors: PolicyError[] };

const PACK_OF_REGION = { CN: 'cn', US: 'us-regf' } as const;

/** Checks a policy file: the schema, then what refers to what. Nothing is accepted if one policy fails. */
export function importPolicies(input: unknown, templates: readonly KnownTemplate[], teams: readonly KnownTeam[] = []): PolicyImport {
  const file = LadderPolicyFile.safeParse(input);
  if (!file.success) return { ok: false, errors: file.error.issues.map((i) => ({ policy: '(file)', path: i.path.join('.') || '(root)', message: i.message })) };
  const errors: PolicyError[] = [];
  const policies: LadderPolicy[] = [];
  const seen = new Set<string>();
  file.data.policies.forEach((raw, n) => {
    const named = raw as { id?: unknown; version?: unknown } | null;
    const name = typeof named?.id === 'string' ? `${named.id}@${String(named.version ?? '?')}` : `policies.${n}`;
    const parsed = LadderPolicy.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) errors.push({ policy: name, path: i.path.join('.') || '(root)', message: i.message });
      return;
    }
    if (seen.has(name)) errors.push({ policy: name, path: 'version', message: 'the same id and version twice in the file' });
    seen.add(name);
    const found = checkPolicy(parsed.data, templates, teams);
    errors.push(...found.map((e) => ({ policy: name, ...e })));
    if (found.length === 0) policies.push(parsed.data);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, policies };
}

/** What the schema cannot see: duplicates, order, references to tiers, stages, templates, letters and agencies. */
export function checkPolicy(p: LadderPolicy, templates: readonly KnownTemplate[], teams: readonly KnownTeam[] = []): { path: string; message: string }[] {
  const errors: { path: string; message: string }[] = [];
  const dupes = (list: { id: string }[], where: string) => {
    const ids = new Set<string>();
    list.forEach((x, i) => {
      if (ids.has(x.id)) errors.push({ path: `${where}.${i}.id`, message: `"${x.id}" is used twice` });
      ids.add(x.id);
    });
  };
  dupes(p.tiers, 'tiers');
  dupes(p.stages, 'stages');
  dupes(p.treatments, 'treatments');
  p.tiers.forEach((t, i) => {
    const last = i === p.tiers.length - 1;
    if (last && t.upToMinor !== null) errors.push({ path: `tiers.${i}.upToMinor`, message: 'the last tier must be open-ended (null), or some balances have no tier' });
    if (!last && t.upToMinor === null) errors.push({ path: `tiers.${i}.upToMinor`, message: 'only the last tier may be open-ended' });
    const before = p.tiers[i - 1]?.upToMinor;
    if (i > 0 && t.upToMinor !== null && before != null && t.upToMinor <= before) errors.push({ path: `tiers.${i}.upToMinor`, message: `must be above the tier before (${before})` });
  });
  const tierIds = new Set(p.tiers.map((t) => t.id));
  const checkTiers = (tiers: string[] | undefined, where: string) => tiers?.forEach((t, i) => {
    if (!tierIds.has(t)) errors.push({ path: `${where}.tiers.${i}`, message: `no tier "${t}" in this policy` });
  });
  p.stages.forEach((s, i) => {
    checkTiers(s.tiers, `stages.${i}`);
    const before = p.stages[i - 1];
    if (before && s.fromDpd < before.fromDpd) errors.push({ path: `stages.${i}.fromDpd`, message: `stages are listed by the day they start: ${s.fromDpd} comes before "${before.id}" (${before.fromDpd})` });
  });
  const stageIds = new Set(p.stages.map((s) => s.id));
  const letters = LETTERS_BY_REGION[p.region];
  p.treatments.forEach((t, i) => {
    const at = `treatments.${i}`;
    if (!stageIds.has(t.stage)) errors.push({ path: `${at}.stage`, message: `no stage "${t.stage}" in this policy` });
    checkTiers(t.tiers, at);
    if ('everyDays' in t.on && t.on.toDpd < t.on.fromDpd) errors.push({ path: `${at}.on.toDpd`, message: `ends (${t.on.toDpd}) before it starts (${t.on.fromDpd})` });
    const a = t.action;
    if (a.kind === 'sms' || a.kind === 'email') {
      const tpl = templates.find((x) => x.id === a.templateId);
      if (!tpl) errors.push({ path: `${at}.action.templateId`, message: `no message template "${a.templateId}" has been imported` });
      else if (tpl.channel !== a.kind) errors.push({ path: `${at}.action.templateId`, message: `template "${a.templateId}" is for ${tpl.channel}, not ${a.kind}` });
      else if (tpl.pack !== 'any' && tpl.pack !== PACK_OF_REGION[p.region]) errors.push({ path: `${at}.action.templateId`, message: `template "${a.templateId}" is for the ${tpl.pack} pack, not ${p.region} accounts` });
      else if (tpl.audience !== 'debtor') errors.push({ path: `${at}.action.templateId`, message: `template "${a.templateId}" is for third parties; the ladder writes to the debtor` });
    }
    if (a.kind === 'letter') {
      const offered = letters.find((l) => l.type === a.letter);
      if (!offered) errors.push({ path: `${at}.action.letter`, message: `a ${a.letter} is not a letter for ${p.region} accounts (${letters.map((l) => l.type).join(', ')})` });
      else if (!offered.languages.includes(a.language as never)) errors.push({ path: `${at}.action.language`, message: `a ${a.letter} is written in ${offered.languages.join(' or ')}, not ${a.language}` });
    }
    if (a.kind === 'placement' && a.team !== undefined) {
      const team = teams.find((x) => x.id === a.team);
      if (!team) errors.push({ path: `${at}.action.team`, message: `no team "${a.team}" on this server (create the agency with \`agency create\`)` });
      else if (!team.external) errors.push({ path: `${at}.action.team`, message: `team "${team.name}" (${team.id}) is one of ours, not an outside agency` });
    }
  });
  return errors;
}

/** One line per error, as the import's refusal says them. */
export function policyErrorText(e: PolicyError): string {
  return `Policy ${e.policy}, ${e.path}: ${e.message}`;
}
