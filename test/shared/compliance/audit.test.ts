// Auditing a log replays it in time order and judges each contact by what was known then.
import { describe, expect, it } from 'vitest';
import { audit } from '../../../shared/compliance/audit';
import { Facts } from '../../../shared/compliance/facts';
import { usRegf } from '../../../shared/compliance/packs';
import { call, usDoc } from './helpers';

describe('audit', () => {
  it('flags each contact that broke a rule at the time it was made, in time order', () => {
    const { attempt: _attempt, ...log } = usDoc(
      {
        history: [
          call('2026-06-03T10:00:00-04:00', 'no_answer'), // after the conversation: blocked (given out of order)
          call('2026-06-01T07:30:00-04:00', 'no_answer'), // before 08:00
          call('2026-06-01T10:00:00-04:00', 'conversation'),
          call('2026-06-02T09:00:00-04:00', 'no_answer', { phoneId: 'w' }), // do-not-call number, after the hold
          call('2026-06-01T09:00:00-04:00', 'no_answer', { phoneId: 'w' }), // before the hold: fine
        ],
      },
      {
        phones: [
          { id: 'm', number: '+12125550123', type: 'mobile' },
          { id: 'w', number: '+12125550777', type: 'home' },
        ],
        holds: [{ kind: 'do_not_call', phoneId: 'w', effectiveAt: '2026-06-01T12:00:00-04:00' }],
      },
    );
    const findings = audit(usRegf, Facts.parse(log));
    expect(findings.map((f) => [f.index, f.decision.reasons.map((r) => r.rule).sort()])).toEqual([
      [1, ['us.time_of_day']],
      [3, ['us.frequency.days_after_conversation', 'us.hold.do_not_call']],
      [0, ['us.frequency.days_after_conversation']],
    ]);
  });
});
