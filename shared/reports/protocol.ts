// Reports for team leads and administrators (docs/reports.md): figures per agent, team, portfolio
// segment (region, stage) and day, computed by the central server from the pushed events and its
// tables. GET /api/reports takes ReportQuery (as a query string); the console's `reports.get` the same.
import { z } from 'zod';
import { Count, Money, RIGHT_PARTY_OUTCOMES } from '../presence/protocol';

export { RIGHT_PARTY_OUTCOMES };

/** What a report can be grouped by: up to two at once (e.g. agent and day). */
export const REPORT_DIMENSIONS = ['agent', 'team', 'region', 'stage', 'day'] as const;
export const ReportDimension = z.enum(REPORT_DIMENSIONS);
export type ReportDimension = z.infer<typeof ReportDimension>;

/** The longest range one report covers, in days. */
export const MAX_REPORT_DAYS = 366;

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const dayNumber = (date: string) => Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);

export const ReportQuery = z.object({
  /** First and last local day, both included. */
  from: z.iso.date(),
  to: z.iso.date(),
  /** The zone the days are counted in. */
  tz: z.string().min(1).max(64).refine(isTimeZone, { message: 'not an IANA time zone' }),
  /** One or two dimensions; a query string may give them comma-separated. */
  groupBy: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v),
    z.array(ReportDimension).min(1).max(2).refine((a) => new Set(a).size === a.length, { message: 'a dimension given twice' }),
  ),
  /** One team only (a lead: one of theirs). */
  teamId: z.string().min(1).max(100).optional(),
}).strict().superRefine((q, ctx) => {
  const days = dayNumber(q.to) - dayNumber(q.from) + 1;
  if (days < 1) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to is before from' });
  else if (days > MAX_REPORT_DAYS) ctx.addIssue({ code: 'custom', path: ['to'], message: `at most ${MAX_REPORT_DAYS} days` });
});
export type ReportQuery = z.input<typeof ReportQuery>;


export const ReportFigures = z.object({
  /** Outbound call.attempt started in the range. */
  attempts: Count,
  /** Of those, answered. */
  connects: Count,
  /** call.outcome with a right-party outcome (RIGHT_PARTY_OUTCOMES). */
  rightPartyContacts: Count,
  /** call.outcome and visit.outcome with a promise to pay, and their amounts. */
  promises: Count,
  promisedMinor: Money,
  /** Of those promises, the ones whose day has ended in the debtor's zone, or that are paid in full. */
  promisesDue: Count,
  /** Paid in full (payments on the account from the promise to the end of its day, debtor's zone). */
  promisesKept: Count,
  /** promisesKept / promisesDue; null when none is due. */
  keptRate: z.number().min(0).max(1).nullable(),
  /** Payments towards those promises (each promise's window, at most its amount). */
  paidMinor: Money,
  /** Payment plans agreed and their totals. */
  plans: Count,
  planMinor: Money,
  /** Dials and visits the gate refused (compliance.decision block, visit.refused). */
  blocks: Count,
  /** Blocking reasons by rule id (a refusal with two rules counts under each). */
  blocksByRule: z.record(z.string(), Count),
  /** Complaints taken (the complaints table, by who recorded them). */
  complaints: Count,
  /** Texts and emails handed to the SMPP or SMTP server, and of those, delivered. */
  messagesSent: Count,
  messagesDelivered: Count,
});
export type ReportFigures = z.infer<typeof ReportFigures>;

/** The group a row is for: only the dimensions asked for are set (null: none, e.g. no account). */
export const ReportKey = z.object({
  agentId: z.string().nullable().optional(),
  agentName: z.string().nullable().optional(),
  teamId: z.string().nullable().optional(),
  teamName: z.string().nullable().optional(),
  region: z.string().nullable().optional(),
  stage: z.string().nullable().optional(),
  day: z.iso.date().optional(),
});
export type ReportKey = z.infer<typeof ReportKey>;

export const ReportRow = ReportFigures.extend({ key: ReportKey });
export type ReportRow = z.infer<typeof ReportRow>;

export const ReportResponse = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  tz: z.string(),
  groupBy: z.array(ReportDimension),
  teamId: z.string().nullable(),
  generatedAt: z.iso.datetime({ offset: true }),
  rows: z.array(ReportRow),
  total: ReportFigures,
  /** The teams this user may narrow a report to (a lead's own; every team for an administrator). */
  teams: z.array(z.object({ id: z.string(), name: z.string() })).default([]),
});
export type ReportResponse = z.infer<typeof ReportResponse>;

export function emptyReportFigures(): ReportFigures {
  return {
    attempts: 0, connects: 0, rightPartyContacts: 0, promises: 0, promisedMinor: {}, promisesDue: 0, promisesKept: 0, keptRate: null,
    paidMinor: {}, plans: 0, planMinor: {}, blocks: 0, blocksByRule: {}, complaints: 0, messagesSent: 0, messagesDelivered: 0,
  };
}

const COUNTS = ['attempts', 'connects', 'rightPartyContacts', 'promises', 'promisesDue', 'promisesKept', 'plans', 'blocks', 'complaints', 'messagesSent', 'messagesDelivered'] as const;
const MAPS = ['promisedMinor', 'paidMinor', 'planMinor', 'blocksByRule'] as const;

/** Adds `part` into `into` (kept rate recomputed). */
export function addReportFigures(into: ReportFigures, part: ReportFigures): ReportFigures {
  for (const k of COUNTS) into[k] += part[k];
  for (const k of MAPS) for (const [c, v] of Object.entries(part[k])) into[k][c] = (into[k][c] ?? 0) + v;
  into.keptRate = keptRate(into);
  return into;
}

export function keptRate(f: Pick<ReportFigures, 'promisesDue' | 'promisesKept'>): number | null {
  return f.promisesDue > 0 ? f.promisesKept / f.promisesDue : null;
}
