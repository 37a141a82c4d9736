// What a policy pack is: versioned data (windows, caps, hold policy, disclosures, retention,
// sources) plus the rule families that read it. Packs are tightened with tighten.ts, never
// edited in place, and every decision names the pack id and version that made it.
import type { Attempt, Channel, Contact, ContactResult, Facts, HoldKind, PartyRole, Phone, ThirdParty, Weekday } from './facts';
import type { HistoryIndex } from './history';
import type { Location } from './locations';
import type { Places } from './places';
import type { MessageKey } from './messages';

export type Severity = 'block' | 'warn';

export interface Reason {
  /** Stable rule id, e.g. `us.frequency.seven_in_seven`. */
  rule: string;
  severity: Severity;
  /** Key into messages.ts; the console translates it with `params`. */
  messageKey: MessageKey;
  params: Record<string, string | number>;
  /** The regulation or guideline, e.g. "12 CFR 1006.14(b)(2)(i)". */
  source: string;
  /** When this reason alone stops applying (ISO, UTC), or null if time alone never lifts it. */
  allowedFrom: string | null;
}

/** Local ranges [from, to) per weekday, "HH:MM"; "24:00" ends at midnight. */
export type WeeklyRanges = Record<Weekday, [from: string, to: string][]>;

/** A reason as rules produce it: allowedFrom in epoch ms (evaluate() formats it once). */
export type RuleReason = Omit<Reason, 'allowedFrom'> & { allowedFrom: number | null };

export interface WindowRule {
  id: string;
  channels: Channel[];
  parties: PartyRole[];
  /** Evaluate in this fixed zone (China: Beijing time) instead of at every possible location. */
  zone?: string;
  /** Only for locations in these regions (ISO 3166-2, e.g. US-NV); all locations if absent. */
  regions?: string[];
  weekly: WeeklyRanges;
  /** The person's consent (scope time_of_day) lifts this rule. */
  consentLifts: boolean;
  messageKey: MessageKey;
}

export interface CapSetting {
  value: number;
  /** Which way an organisation may move it: a lower call cap is tighter, a longer pause too. */
  tighter: 'lower' | 'higher';
  unit: 'calls' | 'attempts' | 'days' | 'minutes' | 'collectors';
}

export interface HoldPolicy {
  kind: HoldKind;
  rule: string;
  parties: PartyRole[];
  channels: Channel[];
}

export interface Disclosure {
  id: string;
  when: 'first_communication' | 'every_communication' | 'third_party' | 'voicemail' | 'visit';
  textKey: string;
  source: string;
}

export interface BlockedDate {
  /** Local calendar date YYYY-MM-DD at the person's location (every possible one). */
  date: string;
  reason?: string;
}

/** Whether the organisation running the pack collects its own debts or others': some laws differ. */
export type OrganisationRole = 'creditor' | 'collector';

/** A source that differs by who collects (Massachusetts: the AG's rule for creditors, the Division of Banks' for collectors). */
export type RoleSource = string | Record<OrganisationRole, string>;

/**
 * A cap on communications with the debtor by number kind, counted per debt over a run of local
 * days (Massachusetts: two in seven days to the residence or cell phone, two in thirty elsewhere).
 */
export interface ContactCap {
  /** Rule id, also the id of the pack cap that holds its limit (so organisations can tighten it). */
  id: string;
  /** The channels it counts and limits. */
  channels: Channel[];
  /** The numbers it applies to by phone type; a number not on file counts as any kind. */
  phoneTypes: Phone['type'][];
  /** A code for those numbers, worded by present.ts. */
  numbers: string;
  days: number;
  /** Results of a call that count (a call that could have left a message counts even if none was left). */
  countedCallResults: ContactResult[];
}

/**
 * A US state's law layered on the federal pack, as data. It applies when any place the debtor may
 * be (address, any phone's area code) is in `region`, and only ever adds blocks.
 */
export interface StateOverlay {
  id: string;
  /** ISO 3166-2, e.g. US-MA. */
  region: string;
  windows: WindowRule[];
  contactCaps: ContactCap[];
  caps: Record<string, CapSetting>;
  /** Source per rule id, by organisation role where the law differs. */
  sources: Record<string, RoleSource>;
}

export interface PackData {
  id: string;
  version: string;
  name: string;
  country: 'US' | 'CN' | 'GB';
  /** Who runs the pack: a creditor collecting its own debts or a debt collector (sources differ by state). */
  organisationRole: OrganisationRole;
  /** State overlays (their windows and caps are also listed in `windows` and `caps`). */
  overlays: StateOverlay[];
  windows: WindowRule[];
  caps: Record<string, CapSetting>;
  holds: HoldPolicy[];
  /** Talk-track disclosures the script engine must include (not checked by the gate). */
  disclosures: Disclosure[];
  /** Which call outcomes place which hold (the console files the hold when the outcome is logged). */
  outcomeHolds: Record<string, HoldKind>;
  retention: { years: number; what: string; source: string }[];
  blockedDates: BlockedDate[];
  /** Source citation for every rule id the pack can report. */
  sources: Record<string, string>;
}

export interface RuleContext {
  pack: Pack;
  facts: Facts;
  attempt: Attempt;
  now: number;
  /** Contacts strictly before the evaluation's `now`, oldest first. */
  history: Contact[];
  /** When each `history` entry happened (epoch ms, same order), parsed once per evaluation. */
  times: number[];
  /** Local days per zone, the debtor's calls, … derived from `history` once per evaluation. */
  index: HistoryIndex;
  /** The phone called or texted, if any. */
  phone: Pick<Phone, 'number' | 'timeZone'> & { id?: string; type?: Phone['type'] } | null;
  thirdParty: ThirdParty | null;
  /** Every place the person may be (deduplicated). */
  locations: Location[];
  /** The distinct zones of `locations`, in order. */
  zones: string[];
  /** The object `locations` and `zones` come from, where rules keep what they derive from them (places.ts remembered()). */
  places: Places;
  /**
   * Set while evaluate() re-runs the rules at later instants to find when a block lifts: only
   * each reason's severity and allowedFrom are read then, so a rule may skip its message params.
   */
  probing: boolean;
}

export interface RuleFamily {
  name: string;
  /** The family only ever warns: finding when a block lifts need not run it. */
  warnsOnly?: boolean;
  /**
   * The family reads nothing of the phone called: neither `ctx.phone` nor the attempt's
   * `phoneId` or `number` (it may read everything else, the possible places included). Its
   * reasons are then the same for every phone of one person reached at the same places, and
   * evaluateEach works them out once for all of those phones. Leave it unset when in doubt: the
   * family then runs for each phone, which is always right.
   */
  personLevel?: boolean;
  /**
   * The family reports, through stability.ts changesAt, every instant after `now` at which its
   * answer could differ on the same facts (or has none: it only counts past contacts). Unset, an
   * answer it took part in is never kept past its `now`, which is always right.
   */
  saysWhenItChanges?: boolean;
  evaluate(ctx: RuleContext): readonly RuleReason[];
}

/** What a rule family returns when it has nothing to say (shared: most decisions allocate no reasons). */
export const NO_REASONS: readonly RuleReason[] = Object.freeze([]);

export interface Pack extends PackData {
  rules: RuleFamily[];
}

export const ALL_CHANNELS: Channel[] = ['call', 'sms', 'email', 'visit'];
export const ALL_WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function everyDay(...ranges: [string, string][]): WeeklyRanges {
  return Object.fromEntries(ALL_WEEKDAYS.map((d) => [d, ranges])) as WeeklyRanges;
}

export function cap(pack: PackData, id: string): number {
  const setting = pack.caps[id];
  if (!setting) throw new Error(`pack ${pack.id} has no cap ${id}`);
  return setting.value;
}

export function reason(
  ctx: RuleContext,
  rule: string,
  severity: Severity,
  messageKey: MessageKey,
  params: Record<string, string | number>,
  allowedFrom: number | null,
): RuleReason {
  const source = ctx.pack.sources[rule];
  if (!source) throw new Error(`pack ${ctx.pack.id} cites no source for rule ${rule}`);
  // The zone the reason's instants are read in (the person's first possible place), unless probing.
  if (!ctx.probing && params.zone === undefined && ctx.zones.length > 0) params = { ...params, zone: ctx.zones[0]! };
  return { rule, severity, messageKey, params, source, allowedFrom };
}

/** The overlays' sources as the organisation's role reads them. */
export function overlaySources(overlays: readonly StateOverlay[], role: OrganisationRole): Record<string, string> {
  const out: Record<string, string> = {};
  for (const o of overlays) for (const [rule, source] of Object.entries(o.sources)) out[rule] = typeof source === 'string' ? source : source[role];
  return out;
}

/** A pack's data with its overlays' windows, caps and sources listed beside its own. */
export function withOverlays(data: Omit<PackData, 'overlays'>, overlays: StateOverlay[]): PackData {
  return {
    ...data,
    overlays,
    windows: [...data.windows, ...overlays.flatMap((o) => o.windows)],
    caps: { ...data.caps, ...Object.fromEntries(overlays.flatMap((o) => Object.entries(o.caps))) },
    sources: { ...data.sources, ...overlaySources(overlays, data.organisationRole) },
  };
}
