// Answering-machine detection's rules on synthetic frames: a short greeting then silence is a
// person, a long greeting or a beep is a machine, nothing heard is unknown, all within the window;
// and the level heuristic tells a quiet line's speech from its noise and a beep from speech.
import { describe, expect, it } from 'vitest';
import { AnsweringClassifier } from '../../renderer/softphone/amd/classify';
import { AnsweringDetector, DEFAULT_DETECTOR } from '../../renderer/softphone/amd/detector';
import { FRAME_MS, FRAME_SAMPLES, SAMPLE_RATE, toneHz } from '../../renderer/softphone/amd/features';

type F = { speech: boolean; tone: boolean };
const speech = (ms: number): F[] => Array.from({ length: Math.round(ms / FRAME_MS) }, () => ({ speech: true, tone: false }));
const quiet = (ms: number): F[] => Array.from({ length: Math.round(ms / FRAME_MS) }, () => ({ speech: false, tone: false }));
const beep = (ms: number): F[] => Array.from({ length: Math.round(ms / FRAME_MS) }, () => ({ speech: false, tone: true }));

function decide(frames: F[]) {
  const d = new AnsweringDetector(FRAME_MS);
  for (const f of frames) {
    const r = d.push(f);
    if (r) return r;
  }
  return null;
}

describe('answering-machine rules', () => {
  it('a short hello then waiting is a person, decided once the silence is long enough', () => {
    const r = decide([...quiet(300), ...speech(500), ...quiet(3000)]);
    expect(r).toMatchObject({ verdict: 'human', reason: 'short-greeting' });
    expect(r!.atMs).toBeGreaterThanOrEqual(300 + 500 + DEFAULT_DETECTOR.afterGreetingMs);
    expect(r!.atMs).toBeLessThan(300 + 500 + DEFAULT_DETECTOR.afterGreetingMs + 2 * FRAME_MS);
  });

  it('a greeting that goes on through short pauses is a machine, decided at the greeting limit', () => {
    const r = decide([...speech(900), ...quiet(400), ...speech(900), ...quiet(300), ...speech(2000)]);
    expect(r).toMatchObject({ verdict: 'machine', reason: 'long-greeting' });
    expect(r!.atMs).toBeLessThanOrEqual(DEFAULT_DETECTOR.greetingMaxMs + FRAME_MS);
  });

  it('a beep after a short greeting is a machine, even before the silence would say person', () => {
    expect(decide([...speech(700), ...quiet(500), ...beep(500), ...quiet(2000)])).toMatchObject({ verdict: 'machine', reason: 'beep' });
  });

  it('nothing heard within the window is unknown, decided at the window', () => {
    expect(decide(quiet(6000))).toEqual({ verdict: 'unknown', reason: 'silence', atMs: expect.closeTo(DEFAULT_DETECTOR.windowMs, -2) as number });
  });
});

function frames(seconds: number, sample: (t: number) => number): Float32Array[] {
  const all = Float32Array.from({ length: Math.round(seconds * SAMPLE_RATE) }, (_, i) => sample(i / SAMPLE_RATE));
  const out: Float32Array[] = [];
  for (let i = 0; i + FRAME_SAMPLES <= all.length; i += FRAME_SAMPLES) out.push(all.slice(i, i + FRAME_SAMPLES));
  return out;
}

// A voice-like sound: a 150 Hz buzz with harmonics, its loudness moving like syllables.
const voice = (t: number) => 0.3 * Math.abs(Math.sin(2 * Math.PI * 4 * t)) * [1, 2, 3, 4, 5].reduce((s, k) => s + Math.sin(2 * Math.PI * 150 * k * t + k) / k, 0);
const noise = () => 0.003 * (Math.random() * 2 - 1);

describe('the greeting-length heuristic without the model', () => {
  it('hears a person on a noisy line and a machine that beeps', async () => {
    const person = new AnsweringClassifier(null);
    const warned: string[] = [];
    let result = null;
    for (const f of [...frames(0.3, noise), ...frames(0.6, (t) => voice(t) + noise()), ...frames(3, noise)]) result = (await person.push(f)) ?? result;
    expect(result).toMatchObject({ verdict: 'human' });
    expect(person.method).toBe('heuristic');

    const machine = new AnsweringClassifier(null, (m) => warned.push(m));
    result = null;
    for (const f of [...frames(0.8, (t) => voice(t) + noise()), ...frames(0.3, noise), ...frames(1, (t) => 0.5 * Math.sin(2 * Math.PI * 1800 * t))]) result = (await machine.push(f)) ?? result;
    expect(result).toMatchObject({ verdict: 'machine', reason: 'beep' });
    expect(warned).toEqual([]);
  });

  it('falls back to the level when the model fails, with a warning, and still decides', async () => {
    const warned: string[] = [];
    const c = new AnsweringClassifier({ probability: () => Promise.reject(new Error('wasm gone')) }, (m) => warned.push(m));
    let result = null;
    for (const f of [...frames(0.5, (t) => voice(t) + noise()), ...frames(2, noise)]) result = (await c.push(f)) ?? result;
    expect(result).toMatchObject({ verdict: 'human' });
    expect(c.method).toBe('heuristic');
    expect(warned).toHaveLength(1);
    expect(warned[0]).toContain('wasm gone');
  });

  it('tells a beep’s pitch and does not take a voice for a tone', () => {
    expect(toneHz(frames(0.04, (t) => 0.5 * Math.sin(2 * Math.PI * 1000 * t))[0]!)).toBeCloseTo(1000, -1);
    expect(frames(1, voice).filter((f) => toneHz(f) !== null)).toHaveLength(0);
  });
});
