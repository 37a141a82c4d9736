// A talk-track step as the team lead's board titles it: the question it asks, else its first
// sentence with substance, with the track's variables left out.
import { describe, expect, it } from 'vitest';
import { DEMO_TRACKS } from '../../../shared/talktrack/demo';
import { parseReportedStep, stepTitlesOf, systemStep, titleFromText } from '../../../shared/talktrack/step-title';

describe('step titles for the board', () => {
  it('takes the question asked, else the first sentence with substance, variables as …', () => {
    expect(titleFromText('That happens, thank you. When could you make the payment of {{amountDue}}?')).toBe('When could you make the payment of …?');
    expect(titleFromText('Thank you. I’ve noted {{amountDue}} on the date you gave me. You can pay through {{paymentChannel}}.')).toBe('I’ve noted … on the date you gave me.');
    expect(titleFromText('好的，谢谢您！我已经把您的疑问记录下来并提交核实，核实结果会尽快告诉您。')).toBe('我已经把您的疑问记录下来并提交核实，核实结果会尽快告诉您。');
    expect(titleFromText('Thank you, goodbye.')).toBe('Thank you, goodbye.');
    expect(titleFromText(`${'word '.repeat(40)}end.`).length).toBeLessThanOrEqual(90);
  });

  it('titles every step of a track the console has, and leaves unknown tracks out', () => {
    const found = stepTitlesOf([], ['demo-en-early-overdue', 'retired-track']);
    expect(found.map((t) => t.trackId)).toEqual(['demo-en-early-overdue']);
    expect(found[0]!.title).toBe('Early overdue');
    expect(found[0]!.steps.find((s) => s.id === 'check_in')).toEqual({ id: 'check_in', kind: 'question', title: 'Did something get in the way of the payment?' });
    // The console's own (pulled) version wins over the shipped one.
    const pulled = { ...DEMO_TRACKS.find((t) => t.id === 'demo-en-early-overdue')!, title: 'Early overdue v2' };
    expect(stepTitlesOf([pulled], ['demo-en-early-overdue'])[0]!.title).toBe('Early overdue v2');
    for (const track of DEMO_TRACKS) for (const s of stepTitlesOf([], [track.id])[0]!.steps) expect(s.title, `${track.id}:${s.id}`).not.toMatch(/\{\{/);
  });

  it('reads a reported step: a track step, the engine’s own, or a bare id from an older console', () => {
    expect(parseReportedStep('demo-en-early-overdue:check_in')).toEqual({ trackId: 'demo-en-early-overdue', stepId: 'check_in' });
    expect(parseReportedStep('system:mini_miranda')).toEqual({ system: 'mini_miranda' });
    expect(parseReportedStep('check_in')).toEqual({ bare: 'check_in' });
    expect(systemStep('mini_miranda')).toEqual({ kind: 'disclosure', textKey: 'talktrack.disclosure.miniMiranda' });
    expect(systemStep('third_party_no_debt')).toMatchObject({ kind: 'reminder' });
    expect(systemStep('nope')).toBeUndefined();
  });
});
