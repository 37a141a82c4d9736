import { describe, expect, it } from 'vitest';
import { letterStoppingHold } from '../../../shared/messaging/letter-holds';

const parties = [{ id: 'd', kind: 'debtor' as const }, { id: 'tp', kind: 'third_party' as const }];
const at = Date.parse('2026-05-01T12:00:00Z');
const hold = (kind: string, over: Partial<{ effectiveAt: string; liftedAt: string | null; partyId: string | null }> = {}) =>
  ({ kind, effectiveAt: '2026-04-01T00:00:00Z', liftedAt: null, partyId: null, ...over }) as Parameters<typeof letterStoppingHold>[0][number];

describe('the hold that stops a collection letter', () => {
  it('is a cease, dispute, attorney, bankruptcy or deceased hold in force on the debtor', () => {
    for (const kind of ['cease', 'dispute', 'attorney', 'bankruptcy', 'deceased']) expect(letterStoppingHold([hold(kind)], parties, at)?.kind).toBe(kind);
    expect(letterStoppingHold([hold('cease', { partyId: 'd' })], parties, at)?.kind).toBe('cease');
  });

  it('is not a channel opt-out, a hold on a third party, a lifted hold or one that starts later', () => {
    expect(letterStoppingHold([hold('sms_opt_out'), hold('email_opt_out')], parties, at)).toBeNull();
    expect(letterStoppingHold([hold('cease', { partyId: 'tp' })], parties, at)).toBeNull();
    expect(letterStoppingHold([hold('dispute', { liftedAt: '2026-04-20T00:00:00Z' })], parties, at)).toBeNull();
    expect(letterStoppingHold([hold('attorney', { effectiveAt: '2026-06-01T00:00:00Z' })], parties, at)).toBeNull();
  });

  it('names the first stopping hold with when it began', () => {
    expect(letterStoppingHold([hold('sms_opt_out'), hold('dispute', { effectiveAt: '2026-04-02T00:00:00Z' })], parties, at)).toEqual({ kind: 'dispute', effectiveAt: '2026-04-02T00:00:00Z' });
  });
});
