// The console's report method (spread into shared/api/contract.ts): the core asks the central
// server's GET /api/reports (docs/reports.md) for a team lead or an administrator.
import { z } from 'zod';
import { ReportDimension, ReportResponse } from './protocol';

/** As ReportQuery, with the dimensions as a list (the core writes the query string). */
export const ReportRequest = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  tz: z.string().min(1).max(64),
  groupBy: z.array(ReportDimension).min(1).max(2),
  teamId: z.string().min(1).max(100).optional(),
}).strict();
export type ReportRequest = z.infer<typeof ReportRequest>;

export const reportsMethods = {
  /** Team leads (their teams) and administrators: figures per agent, team, region, stage or day. */
  'reports.get': { input: ReportRequest, output: ReportResponse },
} as const;
