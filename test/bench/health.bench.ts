// `npm run bench -- health`: p99 of GET /api/health while 200 wrong sign-ins arrive at once
// (200 different usernames from one address: the case that gets the most password checks
// through the per-address limit), against the same p99 on the idle server. The server runs in
// its own process with the default sign-in protection (server/auth/throttle.ts, hash-slots.ts);
// health is asked every 10 ms from the first sign-in until the last one is answered.
import { join } from 'node:path';
import { type Bench, percentile } from './bench';
import type { HealthServerReply, HealthServerRequest } from './health-server';
import { type Child, startChild } from './sync-fixtures';
import { tempDir } from '../server/databases';

const GUESSES = 200;
const IDLE_SAMPLES = 300;
const INTERVAL_MS = 10;

async function healthMs(url: string): Promise<number> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/health`);
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`health answered ${res.status}`);
  return performance.now() - t0;
}

async function sample(url: string, until: () => boolean, max = Infinity): Promise<number[]> {
  const samples: number[] = [];
  while (!until() && samples.length < max) {
    samples.push(await healthMs(url));
    await new Promise((r) => setTimeout(r, INTERVAL_MS));
  }
  return samples;
}

let child: Child<HealthServerReply> | undefined;
let dir: ReturnType<typeof tempDir> | undefined;

export const benches: Bench[] = [{
  name: 'health.p99.during-200-wrong-signins',
  async run() {
    dir = tempDir();
    child = startChild<HealthServerReply>(new URL('./health-server.ts', import.meta.url).pathname);
    child.send({ type: 'start', databaseFile: join(dir.dir, 'server.db') } satisfies HealthServerRequest);
    const ready = await child.next();
    if (ready.type !== 'ready') throw new Error('health server did not start');
    const url = ready.url;
    for (let i = 0; i < 20; i++) await healthMs(url); // warm up
    const idle = await sample(url, () => false, IDLE_SAMPLES);

    let answered = 0;
    const statuses: Record<number, number> = {};
    const started = performance.now();
    const guesses = Array.from({ length: GUESSES }, (_, i) => fetch(`${url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: `guess-${i}`, password: `wrong-${i}`, deviceId: `bench-${i}` }),
    }).then(async (res) => { await res.arrayBuffer(); statuses[res.status] = (statuses[res.status] ?? 0) + 1; answered++; }));
    const attack = await sample(url, () => answered === GUESSES);
    await Promise.all(guesses);
    process.stderr.write(`health bench: ${GUESSES} wrong sign-ins answered in ${Math.round(performance.now() - started)} ms ${JSON.stringify(statuses)}; ${attack.length} health samples during, ${idle.length} idle\n`);
    return { value: percentile(attack, 99), unit: 'ms', baseline: percentile(idle, 99), baselineName: 'idle' };
  },
}];

export async function teardown(): Promise<void> {
  if (child) {
    child.send({ type: 'stop' } satisfies HealthServerRequest);
    await Promise.race([child.exited, new Promise((r) => setTimeout(r, 5_000))]);
    child.kill();
  }
  dir?.remove();
}
