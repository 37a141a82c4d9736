// Organisation overrides: a pack may be tightened (narrower windows, lower caps, extra blocked
// dates) and never loosened. Anything that would allow what the base pack blocks is rejected with
// an error naming the rule. The result is a new pack whose version names the organisation, so
// every decision records exactly which rules made it.
import { z } from 'zod';
import { describeIssues, Weekday } from './facts';
import { ALL_WEEKDAYS, overlaySources, type Pack } from './pack';
import { parseHhMm } from './time';

const Range = z
  .tuple([z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/)])
  .refine(([from, to]) => parseHhMm(from) < parseHhMm(to), 'a range must end after it starts');

export const PackOverrides = z
  .object({
    organisation: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore'),
    /** Whether the organisation collects its own debts (creditor) or others' (collector): state law cites differ. */
    organisationRole: z.enum(['creditor', 'collector']).optional(),
    /** Per window rule id, replacement ranges for the weekdays given (others stay as they are). */
    windows: z.record(z.string(), z.partialRecord(Weekday, z.array(Range))).optional(),
    /** Per cap id, the organisation's value. */
    caps: z.record(z.string(), z.number().int().nonnegative()).optional(),
    blockedDates: z.array(z.object({ date: z.iso.date(), reason: z.string().optional() }).strict()).optional(),
    /** Accepted by the schema only to be refused with a clear message: no rule can be removed. */
    removeRules: z.array(z.string()).optional(),
  })
  .strict();
export type PackOverrides = z.infer<typeof PackOverrides>;

export class LooseningOverrideError extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(`${rule}: ${message}`);
    this.name = 'LooseningOverrideError';
  }
}

/** Is every minute of `inner` also inside `outer`? */
function within(inner: [string, string][], outer: [string, string][]): [string, string] | null {
  for (const [from, to] of inner) {
    const a = parseHhMm(from);
    const b = parseHhMm(to);
    if (!outer.some(([of, ot]) => parseHhMm(of) <= a && b <= parseHhMm(ot))) return [from, to];
  }
  return null;
}

export function tighten(pack: Pack, input: unknown): Pack {
  const parsed = PackOverrides.safeParse(input);
  if (!parsed.success) throw new Error(`invalid overrides: ${describeIssues(parsed.error, 'overrides').join('; ')}`);
  const overrides = parsed.data;

  for (const rule of overrides.removeRules ?? []) throw new LooseningOverrideError(rule, 'a rule cannot be removed: an organisation may only tighten a pack');

  const windows = pack.windows.map((w) => ({ ...w, weekly: { ...w.weekly } }));
  for (const [id, days] of Object.entries(overrides.windows ?? {})) {
    const window = windows.find((w) => w.id === id);
    if (!window) throw new LooseningOverrideError(id, `no such window rule in pack ${pack.id}`);
    for (const day of ALL_WEEKDAYS) {
      const ranges = days[day];
      if (!ranges) continue;
      const wider = within(ranges, window.weekly[day]);
      if (wider)
        throw new LooseningOverrideError(id, `${day} ${wider[0]}–${wider[1]} is wider than the pack's window ${window.weekly[day].map(([a, b]) => `${a}–${b}`).join(', ') || '(closed)'}`);
      window.weekly[day] = ranges;
    }
  }

  const caps = Object.fromEntries(Object.entries(pack.caps).map(([id, c]) => [id, { ...c }]));
  for (const [id, value] of Object.entries(overrides.caps ?? {})) {
    const setting = caps[id];
    if (!setting) throw new LooseningOverrideError(id, `no such cap in pack ${pack.id}`);
    const looser = setting.tighter === 'lower' ? value > setting.value : value < setting.value;
    if (looser) throw new LooseningOverrideError(id, `${value} ${setting.unit} is looser than the pack's ${setting.value} (${setting.tighter} is tighter)`);
    setting.value = value;
  }

  const blockedDates = [...pack.blockedDates, ...(overrides.blockedDates ?? [])];
  const organisationRole = overrides.organisationRole ?? pack.organisationRole;
  return {
    ...pack,
    version: `${pack.version}+${overrides.organisation}`,
    organisationRole,
    windows,
    caps,
    blockedDates,
    sources: { ...pack.sources, ...overlaySources(pack.overlays, organisationRole) },
  };
}
