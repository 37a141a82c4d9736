// The field agent's part of the console API: the day's route, checking in at an address (gated)
// and logging what the visit came to. Kept beside contract.ts, which lists the methods.
import { z } from 'zod';
import { Account } from '../domain/portfolio';
import { VisitAttendee, VisitLocation, VisitOutcome, VisitPhoto } from '../domain/events';
import { GateReason } from './gate-reason';

/** Where a stop stands today: not yet visited, checked in (the visit is open), or logged. */
export const StopVisit = z.object({
  visitId: z.string(),
  state: z.enum(['checked_in', 'done']),
  checkedInAt: z.iso.datetime({ offset: true }),
  checkedOutAt: z.iso.datetime({ offset: true }).nullable(),
  outcome: VisitOutcome.nullable(),
  attendees: z.array(VisitAttendee),
});
export type StopVisit = z.infer<typeof StopVisit>;

export const VisitGate = z.object({
  packId: z.string(),
  decision: z.enum(['allow', 'warn', 'block']),
  allowedFrom: z.iso.datetime({ offset: true }).nullable(),
  reasons: z.array(GateReason),
});
export type VisitGate = z.infer<typeof VisitGate>;

export const RouteStop = z.object({
  position: z.number().int().positive(),
  accountId: z.string(),
  ref: z.string(),
  debtorName: z.string(),
  address: z.string(),
  timeZone: z.string(),
  currency: Account.shape.currency,
  balanceMinor: z.number().int(),
  daysPastDue: z.number().int(),
  /** The gate for a visit now, with the collectors last named on this console. */
  gate: VisitGate,
  visit: StopVisit.nullable(),
});
export type RouteStop = z.infer<typeof RouteStop>;

export const RouteView = z.object({
  /** The day shown (yyyy-mm-dd), or null when this console has no route at all. */
  date: z.iso.date().nullable(),
  /** Every day this console has a route for. */
  dates: z.array(z.iso.date()),
  stops: z.array(RouteStop),
  /** Accounts on the route this console does not hold (not pulled yet, or reassigned since). */
  missing: z.number().int().nonnegative(),
  /** The last time the console reached the central store: how old what is shown may be. */
  dataAsOf: z.iso.datetime({ offset: true }).nullable(),
  /** The collectors named at the last check-in on this console, to start the next one with. */
  lastAttendees: z.array(VisitAttendee),
});
export type RouteView = z.infer<typeof RouteView>;

export const CheckInInput = z.object({
  accountId: z.string().min(1),
  location: VisitLocation,
  attendees: z.array(VisitAttendee).min(1).max(10),
}).strict();

export const CheckInResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), visitId: z.string(), gate: VisitGate }),
  z.object({ ok: z.literal(false), gate: VisitGate }),
]);
export type CheckInResult = z.infer<typeof CheckInResult>;

export const CheckOutInput = z.object({
  visitId: z.string().min(1),
  outcome: VisitOutcome,
  promise: z.object({ amountMinor: z.number().int(), dueDate: z.string() }).partial().nullable(),
  plan: z.object({ totalMinor: z.number().int(), count: z.number().int(), frequency: z.enum(['weekly', 'fortnightly', 'monthly']), firstDate: z.string() }).partial().nullable(),
  note: z.string().max(4000),
  photos: z.array(VisitPhoto).max(20),
}).strict();
export type CheckOutInput = z.infer<typeof CheckOutInput>;

/**
 * A photo from disk, staged first in chunks with files.stage (no single message may carry a
 * whole photo); the console shrinks nothing: evidence stays as taken.
 */
export const PhotoInput = z.object({
  name: z.string().min(1).max(200),
  uploadId: z.uuid(),
}).strict();
