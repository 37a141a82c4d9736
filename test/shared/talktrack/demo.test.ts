// The demo tracks: both languages for every kind of call, each one importable, each with the
// branches a trained collector needs (hardship, dispute, stop contacting), and third-party
// tracks that never touch the debt.
import { describe, expect, it } from 'vitest';
import { PACKS } from '../../../shared/compliance/packs';
import { DEMO_TRACKS, importTalkTrack, TrackKind, type TalkTrack } from '../../../shared/talktrack';
import { DEMO_TRACK_INPUTS } from '../../../shared/talktrack/demo';
import { VARIABLES, variablesIn } from '../../../shared/talktrack/variables';

const texts = (t: TalkTrack) => t.steps.flatMap((s) => [s.text ?? '', s.hint ?? '', ...(s.type === 'question' ? s.answers.map((a) => a.label) : [])]);

describe('demo talk tracks', () => {
  it('cover every kind in en and zh-CN', () => {
    for (const kind of TrackKind.options) {
      for (const locale of ['en', 'zh-CN'] as const) expect(DEMO_TRACKS.filter((t) => t.kind === kind && t.locale === locale), `${kind} ${locale}`).toHaveLength(1);
    }
    expect(new Set(DEMO_TRACKS.map((t) => t.id)).size).toBe(DEMO_TRACKS.length);
  });

  it.each(DEMO_TRACK_INPUTS.map((t) => [t.id, t] as const))('%s passes importTalkTrack, also against its pack', (_id, input) => {
    const pack = PACKS[input.pack as keyof typeof PACKS];
    const result = importTalkTrack(JSON.parse(JSON.stringify(input)), { pack });
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual([]);
  });

  it.each(DEMO_TRACKS.filter((t) => t.kind !== 'third-party').map((t) => [t.id, t] as const))('%s offers hardship, dispute and cease branches', (_id, track) => {
    const outcomes = new Set(track.steps.flatMap((s) => (s.type === 'end' ? [s.outcome] : [])));
    expect(track.steps.some((s) => s.id === 'hardship')).toBe(true);
    expect(outcomes).toContain('dispute');
    expect(outcomes).toContain('cease_request');
    expect(outcomes.has('promise_to_pay') || outcomes.has('payment_plan')).toBe(true);
  });

  it.each(DEMO_TRACKS.filter((t) => t.kind === 'third-party').map((t) => [t.id, t] as const))('%s uses no debt variable and covers the third party’s answers', (_id, track) => {
    const used = texts(track).flatMap(variablesIn);
    expect(used.filter((v) => VARIABLES[v as keyof typeof VARIABLES]?.debt)).toEqual([]);
    const outcomes = new Set(track.steps.flatMap((s) => (s.type === 'end' ? [s.outcome] : [])));
    expect([...outcomes].sort()).toEqual(['deceased', 'third_party_reached', 'wrong_number']);
    expect(track.steps.some((s) => s.id === 'decline')).toBe(true);
    expect(track.steps.some((s) => s.id === 'hardship')).toBe(true);
  });

  it('write zh-CN tracks in Chinese and en tracks in English', () => {
    for (const t of DEMO_TRACKS) {
      const spoken = t.steps.flatMap((s) => (s.text ? [s.text] : []));
      const chinese = spoken.filter((x) => /[\u4e00-\u9fff]/.test(x.replace(/\{\{\w+\}\}/g, '')));
      expect(chinese.length, t.id).toBe(t.locale === 'zh-CN' ? spoken.length : 0);
    }
  });

  it('never suggest paying anywhere but the official channel', () => {
    for (const t of DEMO_TRACKS) {
      const all = texts(t).join('\n');
      if (/\{\{paymentChannel\}\}/.test(all)) expect(all, t.id).not.toMatch(/personal account of|转到我的/);
    }
  });
});
