// Small, explicit aggregates for the queue tests.
import {
  applyCallback,
  applyHistory,
  createAggregate,
  type AccountAggregate,
  type QueueHistoryInput,
} from '../../../shared/queue';
import type { Stage } from '../../../shared/domain/portfolio';

export const SHANGHAI = 'Asia/Shanghai';
export const NEW_YORK = 'America/New_York';
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/** Monday 2026-11-23 14:00 in Shanghai (06:00Z). */
export const NOW = Date.parse('2026-11-23T06:00:00Z');

export const iso = (ms: number) => new Date(ms).toISOString();

export interface AccountOptions {
  zone?: string;
  stage?: Stage;
  dueDate?: string;
  balance?: number;
  currency?: 'CNY' | 'USD';
}

export function account(id: string, o: AccountOptions = {}): AccountAggregate {
  const zone = o.zone ?? SHANGHAI;
  return createAggregate(
    { id, timeZone: zone, currency: o.currency ?? (zone === SHANGHAI ? 'CNY' : 'USD') },
    [{ balanceMinor: o.balance ?? 5_000_00, dueDate: o.dueDate ?? '2026-10-24', stage: o.stage ?? 'late' }],
  );
}

export function call(at: number, result: 'answered' | 'no_answer' | 'busy' | 'voicemail' = 'no_answer'): QueueHistoryInput {
  return { at: iso(at), kind: 'call', result, amountMinor: null, dueDate: null };
}

export function promise(at: number, dueDate: string, result: 'pending' | 'kept' | 'broken' = 'pending', amountMinor = 1_000_00): QueueHistoryInput {
  return { at: iso(at), kind: 'promise', result, amountMinor, dueDate };
}

export function payment(at: number, amountMinor = 1_000_00): QueueHistoryInput {
  return { at: iso(at), kind: 'payment', result: 'received', amountMinor, dueDate: null };
}

export function withHistory(agg: AccountAggregate, ...entries: QueueHistoryInput[]): AccountAggregate {
  for (const e of entries) applyHistory(agg, e);
  return agg;
}

export function withCallback(agg: AccountAggregate, id: string, at: number): AccountAggregate {
  applyCallback(agg, { id, at: iso(at), status: 'scheduled' });
  return agg;
}
