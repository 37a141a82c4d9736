// Answering-machine detection (issue 18) on the lab's corpus (lab/amd-corpus.ts): people
// answering and machines greeting, English and Chinese, made at run time with espeak-ng and sox.
// Each clip goes through the detector the console runs (renderer/softphone/amd), frame by frame
// as 16 kHz audio, with the speech flag from the Silero VAD model; the baseline, in the same run
// on the same clips, is the greeting-length heuristic alone (speech told by level over the
// noise floor). Figures: accuracy, the confusion matrix (counts; 'unknown' counts as wrong) and
// the decision time from the answer (median and 90th percentile).
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as ort from 'onnxruntime-web/wasm';
import { type AmdClip, makeAmdCorpus } from '../../lab/amd-corpus';
import { SOX } from '../../lab/requirements';
import { AnsweringClassifier } from '../../renderer/softphone/amd/classify';
import type { AnsweredBy } from '../../renderer/softphone/amd/detector';
import { FRAME_SAMPLES, SAMPLE_RATE } from '../../renderer/softphone/amd/features';
import { type LoadedModel, loadSilero } from '../../renderer/softphone/amd/silero';
import { type Bench, percentile, median } from './bench';

const run = promisify(execFile);
export const MODEL_FILE = join(import.meta.dirname, '../../node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx');

/** A clip as the detector hears it: 16 kHz mono floats. */
export async function framesOf(file: string): Promise<Float32Array[]> {
  const { stdout } = await run(SOX, [file, '-r', String(SAMPLE_RATE), '-c', '1', '-e', 'floating-point', '-b', '32', '-t', 'raw', '-'], { encoding: 'buffer', maxBuffer: 64 << 20 });
  const samples = new Float32Array(stdout.buffer, stdout.byteOffset, Math.floor(stdout.byteLength / 4));
  const frames: Float32Array[] = [];
  for (let i = 0; i + FRAME_SAMPLES <= samples.length; i += FRAME_SAMPLES) frames.push(samples.slice(i, i + FRAME_SAMPLES));
  return frames;
}

export interface Verdict {
  clip: AmdClip;
  verdict: AnsweredBy;
  atMs: number;
}

export async function classify(frames: Float32Array[], model: LoadedModel | null): Promise<{ verdict: AnsweredBy; atMs: number }> {
  model?.reset();
  const c = new AnsweringClassifier(model);
  for (const frame of frames) {
    const d = await c.push(frame);
    if (d) return { verdict: d.verdict, atMs: d.atMs };
  }
  return { verdict: 'unknown', atMs: frames.length * 32 };
}

interface Scores {
  accuracy: number;
  matrix: Record<'humanHuman' | 'humanMachine' | 'machineMachine' | 'machineHuman' | 'unknown', number>;
  medianMs: number;
  p90Ms: number;
}

function score(verdicts: Verdict[]): Scores {
  const count = (label: string, verdict: string) => verdicts.filter((v) => v.clip.label === label && v.verdict === verdict).length;
  const right = verdicts.filter((v) => v.verdict === v.clip.label).length;
  const times = verdicts.map((v) => v.atMs);
  return {
    accuracy: (100 * right) / verdicts.length,
    matrix: {
      humanHuman: count('human', 'human'), humanMachine: count('human', 'machine'),
      machineMachine: count('machine', 'machine'), machineHuman: count('machine', 'human'),
      unknown: verdicts.filter((v) => v.verdict === 'unknown').length,
    },
    medianMs: median(times),
    p90Ms: percentile(times, 90),
  };
}

let results: Promise<{ vad: Scores; heuristic: Scores }> | null = null;

function measure(): Promise<{ vad: Scores; heuristic: Scores }> {
  results ??= (async () => {
    const clips = await makeAmdCorpus(mkdtempSync(join(tmpdir(), 'fairline-amd-')));
    const model = await loadSilero(ort, async () => {
      const bytes = await readFile(MODEL_FILE);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    });
    const vad: Verdict[] = [];
    const heuristic: Verdict[] = [];
    for (const clip of clips) {
      const frames = await framesOf(clip.file);
      vad.push({ clip, ...await classify(frames, model) });
      heuristic.push({ clip, ...await classify(frames, null) });
    }
    await model.release();
    for (let i = 0; i < clips.length; i++) {
      process.stderr.write(`amd ${clips[i]!.name.padEnd(18)} ${clips[i]!.label.padEnd(8)} vad ${vad[i]!.verdict.padEnd(8)} ${String(vad[i]!.atMs).padStart(5)} ms   heuristic ${heuristic[i]!.verdict.padEnd(8)} ${String(heuristic[i]!.atMs).padStart(5)} ms\n`);
    }
    return { vad: score(vad), heuristic: score(heuristic) };
  })();
  return results;
}

const BASELINE = 'greeting-length heuristic alone (level over the noise floor, no VAD model), same clips';
const figure = (name: string, unit: string, pick: (s: Scores) => number): Bench => ({
  name,
  async run() {
    const { vad, heuristic } = await measure();
    return { value: pick(vad), unit, baseline: pick(heuristic), baselineName: BASELINE };
  },
});

export const benches: Bench[] = [
  figure('amd-accuracy', '% of clips right', (s) => s.accuracy),
  figure('amd-human-as-human', 'clips', (s) => s.matrix.humanHuman),
  figure('amd-human-as-machine', 'clips', (s) => s.matrix.humanMachine),
  figure('amd-machine-as-machine', 'clips', (s) => s.matrix.machineMachine),
  figure('amd-machine-as-human', 'clips', (s) => s.matrix.machineHuman),
  figure('amd-unknown', 'clips', (s) => s.matrix.unknown),
  figure('amd-decision-median', 'ms from the answer', (s) => s.medianMs),
  figure('amd-decision-p90', 'ms from the answer', (s) => s.p90Ms),
];
