// Calls over the lab (real Kamailio): how long from the agent's click to "Connected" painted on
// screen, in phases (authorize: the gate asked again in the core; offer; ICE gathering; INVITE
// sent; INVITE → its 200 OK received; 200 OK → painted), the first call after the console is
// loaded, and the renderer's CPU and memory through a 60 s recorded call. The console shows
// "Connected" when the 200 OK arrives; sip.js's Established (the answer applied to the peer
// connection, then the ACK) follows off the critical path, reported as the `apply` detail.
// The click comes READ_MS after the dial button is ready, as an agent's does: the account page's
// own requests (messages, letters, complaints, the talk track) are answered by then.
// Two far ends, each called by the console and by a bare sip.js page (the lab's agent phone)
// in the same run, their calls interleaved so both see the same machine load:
// - call.setup.sipp.*: a native user agent that answers as fast as the network allows (SIPp's
//   `answer` scenario: 200 OK with its SDP the moment the INVITE arrives, media through
//   rtpengine), so the figure is the console's own time plus the network's;
// - call.setup.*: the lab's simulated debtor, a headless Chromium page answering over WebRTC,
//   whose own answer work (tens of ms) both callers pay.
// FAIRLINE_BENCH_TRACE=FILE writes a Chrome trace (JSON, for chrome://tracing or Perfetto) of
// three console calls to the SIPp peer.
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { type AgentPhone, type Lab, NUMBERS, startLab } from '../../lab/lab';
import { type SippPeer, startSipp } from '../../lab/sipp';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { type RunningServer, startServer } from '../../server/app';
import type { RunningConsole } from '../e2e/harness';
import { openLabConsole, registerWithLab } from '../e2e/phone-world';
import { type Bench, median, percentile } from './bench';

/** Calls per peer and caller (FAIRLINE_BENCH_CALLS: fewer for a quick look, e.g. with a trace). */
const CALLS = Number(process.env.FAIRLINE_BENCH_CALLS ?? 20);
const LONG_CALL_MS = 60_000;
/** From the account page ready to the click: the agent reads who they are calling. */
const READ_MS = 500;
const CLOCK = '2026-11-24T02:00:00Z';
const offset = Date.parse(CLOCK) - Date.now();
const now = () => new Date(Date.now() + offset);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The SIPp peer's number: routed by Kamailio to SIPp (LabOptions.plain.statics). */
const SIPP_NUMBER = '+8613900000500';
type Peer = 'sipp' | 'chromium';
const PEER_NUMBER: Record<Peer, string> = { sipp: SIPP_NUMBER, chromium: NUMBERS.cn.answer };
/** Accounts of each peer's calls: CALLS interleaved calls, the first call after load, and (Chromium) the 60 s call. */
const FIRST_BASE: Record<Peer, number> = { sipp: 100, chromium: 0 };
const accountIndex = (peer: Peer, i: number) => FIRST_BASE[peer] + i;

interface World { lab: Lab; sipp: SippPeer; server: RunningServer; app: RunningConsole; browser: Browser; page: Page; cdp: CDPSession }
let world: Promise<World> | null = null;
let results: Promise<Results> | null = null;
let long: Promise<LongResults> | null = null;

const PHASES = ['authorize', 'offer', 'gathering', 'send', 'inviteTo200', 'toPainted'] as const;
type Phase = (typeof PHASES)[number];
/** toPainted's two parts: 200 OK → "Connected" committed to the DOM (the answer's own task), then → the frame after it;
 *  and apply: 200 OK → sip.js Established (the answer set on the peer connection, the ACK sent), no longer on the path. */
const DETAILS = ['render', 'frame', 'apply'] as const;
interface Timing { total: number; phases: Record<Phase, number>; details: Record<(typeof DETAILS)[number], number> }

interface PeerResults {
  calls: Timing[];
  first: Timing;
  bare: number[];
  bareFirst: number;
  /** Digest challenges Kamailio sent per call (sl:407_replies), console and bare page. */
  challenges: { console: number; bare: number };
}

interface Results {
  peers: Record<Peer, PeerResults>;
}

interface LongResults {
  cpu: { console: number; bare: number };
  heapMb: { console: number; bare: number };
}

/** One account per call: the cn pack caps connected calls a day per debtor. */
function labAccounts(userId: string, teamId: string | null): AccountBundle[] {
  const calls = (peer: Peer, count: number) => Array.from({ length: count }, (_, i) => [accountIndex(peer, i), PEER_NUMBER[peer]] as const);
  return [...calls('chromium', CALLS + 3), ...calls('sipp', CALLS + 1)].map(([i, number]) => {
    const id = `acc-bench-${i}`;
    return {
      account: {
        id, ref: `BENCH-${String(i).padStart(3, '0')}`, region: 'CN', currency: 'CNY', debtorName: `基准测试${i}`, address: '上海市浦东新区世纪大道100号',
        province: '上海市', postalCode: '200120', timeZone: 'Asia/Shanghai', assignedTo: userId, teamId,
      },
      debts: [{ id: `debt-bench-${i}`, accountId: id, lender: '测试银行', product: '信用贷', principalMinor: 100_000, feesMinor: 0, balanceMinor: 100_000, dueDate: '2026-10-01', stage: 'early' }],
      parties: [{ id: `party-bench-${i}`, accountId: id, kind: 'debtor', relation: 'self', name: `基准测试${i}` }],
      phones: [{ id: `phone-bench-${i}`, accountId: id, partyId: `party-bench-${i}`, number, type: 'mobile', consent: 'express', timeZone: null }],
      holds: [],
      history: [],
    };
  });
}

async function start(): Promise<World> {
  // Every SIPp call of the run (it exits after `calls`); stopped at teardown.
  const sipp = await startSipp({ scenario: 'answer', calls: 1000, timeoutSec: 3600 });
  const lab = await startLab({ debtors: [NUMBERS.cn.answer], plain: { statics: [{ user: SIPP_NUMBER, address: sipp.address }] } });
  const dir = mkdtempSync(join(tmpdir(), 'fairline-bench-call-'));
  const server = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false, now });
  const user = (await server.store.findUserByUsername('collector1'))!;
  await server.store.insertAccounts(labAccounts(user.id, user.teamId), now().toISOString());
  const { app, browser, page } = await openLabConsole({ dataDir: dir, serverUrl: server.url, clock: CLOCK, toneSeconds: 180 });
  await page.getByTestId('queue-row').first().waitFor();
  await registerWithLab(page, lab);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return { lab, sipp, server, app, browser, page, cdp };
}

/** Clicks the dial button and times it to "Connected" on screen: a mutation observer sees the
 *  text, and the frame after the one it lands in counts as painted. */
async function consoleCall(w: World, i: number, holdMs: number): Promise<Timing> {
  const { page } = w;
  await page.getByTestId('nav-queue').click();
  await page.getByTestId('queue-search').fill(`BENCH-${String(i).padStart(3, '0')}`);
  await page.locator(`[data-testid="queue-row"][data-account-id="acc-bench-${i}"]`).click();
  await page.locator('[data-testid="dial-button"]:not([disabled])').first().waitFor();
  await sleep(READ_MS);
  await page.evaluate(() => {
    performance.clearMarks();
    const observer = new MutationObserver(() => {
      if (document.querySelector('[data-testid="softphone-state"]')?.textContent !== 'Connected') return;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => performance.mark('fairline:painted'), 0));
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.locator('[data-testid="dial-button"]:not([disabled])').first().click();
  await page.locator('[data-testid="softphone-controls"][data-call-state="established"]').waitFor({ timeout: 15_000 }).catch(async (error: unknown) => {
    const state = await page.evaluate(() => ({
      call: document.querySelector('[data-testid="softphone-controls"]')?.getAttribute('data-call-state') ?? null,
      result: document.querySelector('[data-testid="call-result"]')?.textContent ?? null,
      toasts: [...document.querySelectorAll('[data-testid="toast"]')].map((t) => t.textContent),
    }));
    throw new Error(`Call ${i} not connected: ${JSON.stringify(state)}; SIPp: ${w.sipp.log().split('\n').slice(-15).join('\n')}`, { cause: error });
  });
  await page.waitForFunction(() => performance.getEntriesByName('fairline:painted').length > 0);
  const m = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((e) => [e.name.split(':')[1]!, e.startTime])));
  await sleep(holdMs);
  await page.getByTestId('call-end').click();
  await page.getByTestId('wrapup-panel').waitFor();
  await page.keyboard.press('r');
  await page.getByTestId('wrapup-save').click();
  await page.getByTestId('wrapup-panel').waitFor({ state: 'detached' });
  const at = (name: string) => {
    const v = m[name];
    if (v === undefined) throw new Error(`No ${name} mark (marks: ${Object.keys(m).join(', ')})`);
    return v;
  };
  return {
    total: at('painted') - at('dial-click'),
    phases: {
      authorize: at('dial') - at('dial-click'),
      offer: at('gather-start') - at('dial'),
      gathering: at('gather-end') - at('gather-start'),
      send: at('invite-sent') - at('gather-end'),
      // INVITE on the wire → its 200 OK received.
      inviteTo200: at('answer') - at('invite-sent'),
      toPainted: at('painted') - at('answer'),
    },
    details: {
      render: at('connected-shown') - at('answer'),
      frame: at('painted') - at('connected-shown'),
      apply: at('established') - at('answer'),
    },
  };
}

async function metrics(cdp: CDPSession): Promise<{ task: number; heap: number }> {
  const { metrics: m } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => m.find((x) => x.name === name)?.value ?? 0;
  return { task: get('TaskDuration'), heap: get('JSHeapUsedSize') };
}

/** A bare sip.js page's call to the peer: invite() to Established, in ms. Now and then (3 runs
 *  of about 12 here) one of its calls to SIPp ends 487 within 100 ms with no answer, never one
 *  of the console's: the failure is said on stderr and the call made again, once. */
async function bareCall(w: World, bare: AgentPhone, peer: Peer): Promise<number> {
  return bareCallOnce(w, bare, peer).catch((error: unknown) => {
    process.stderr.write(`call-setup ${peer}: a bare page's call FAILED, made again: ${error instanceof Error ? error.message.split('; SIPp')[0] : String(error)}\n`);
    return bareCallOnce(w, bare, peer);
  });
}

async function bareCallOnce(w: World, bare: AgentPhone, peer: Peer): Promise<number> {
  const id = await bare.call(`sip:${PEER_NUMBER[peer]}@${w.lab.domain}`);
  const call = await bare.waitForState(id, 'established', { timeoutMs: 15_000 }).catch(async (error: unknown) => {
    const calls = await bare.calls().catch(() => []);
    throw new Error(`Bare page call ${id} to ${peer} not established: ${JSON.stringify(calls.find((c) => c.id === id) ?? null)}; SIPp: ${w.sipp.log().split('\n').slice(-15).join('\n')}`, { cause: error });
  });
  await sleep(300);
  await bare.hangup(id);
  if (peer === 'chromium') await w.lab.debtor(NUMBERS.cn.answer).waitForCall((c) => c.state === 'ended', { timeoutMs: 5_000 }).catch(() => undefined);
  else await bare.waitForState(id, 'ended', { timeoutMs: 5_000 }).catch(() => undefined);
  return call.answeredAt! - call.startedAt;
}

const fmt = (t: Timing) => `${Math.round(t.total)} ${JSON.stringify(Object.fromEntries(PHASES.map((p) => [p, Math.round(t.phases[p])])))}`;
const load = () => `load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`;

/** One far end: the console's first call after a reload, a fresh bare page's first call, then
 *  CALLS calls from each, interleaved (console, bare, console, …). The bare page is returned
 *  running (the 60 s call uses the Chromium peer's). */
async function peerRun(w: World, peer: Peer, agent: number): Promise<{ results: PeerResults; bare: AgentPhone }> {
  const challenged = () => w.lab.proxyStatistic('sl:407_replies');
  // The first call after the console is loaded (the phone registered, nothing else warmed by a call).
  await w.page.reload();
  await w.page.locator('[data-testid="phone-status"][data-state="registered"]').waitFor({ timeout: 20_000 });
  const first = await consoleCall(w, accountIndex(peer, CALLS), 300);
  process.stderr.write(`call-setup ${peer}: first call after load (ms): ${fmt(first)}\n`);
  const bare = await w.lab.agentPhone({ user: w.lab.agents[agent]!.user, password: w.lab.agents[agent]!.password });
  const bareFirst = await bareCall(w, bare, peer);
  const r: PeerResults = { calls: [], first, bare: [], bareFirst, challenges: { console: 0, bare: 0 } };
  const trace = peer === 'sipp' ? process.env.FAIRLINE_BENCH_TRACE : undefined;
  const perCall: [number, number][] = [];
  for (let i = 0; i < CALLS; i++) {
    const tracing = trace && i === Math.min(5, CALLS - 3);
    if (tracing) {
      await w.browser.startTracing(w.page, { path: trace, screenshots: false, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing', 'v8', 'toplevel'] });
    }
    const c0 = challenged();
    r.calls.push(await consoleCall(w, accountIndex(peer, i), 300));
    const c1 = challenged();
    r.bare.push(await bareCall(w, bare, peer));
    if (trace && i === Math.min(5, CALLS - 3) + 2) await w.browser.stopTracing();
    const c2 = challenged();
    perCall.push([c1 - c0, c2 - c1]);
    r.challenges.console += (c1 - c0) / CALLS;
    r.challenges.bare += (c2 - c1) / CALLS;
  }
  process.stderr.write(`call-setup ${peer}: per call (ms): ${JSON.stringify(r.calls.map((c) => Math.round(c.total)))}\n`);
  for (const phase of PHASES) process.stderr.write(`call-setup ${peer}: ${phase} per call (ms): ${JSON.stringify(r.calls.map((c) => Math.round(c.phases[phase])))}\n`);
  for (const part of DETAILS) process.stderr.write(`call-setup ${peer}: detail ${part} per call (ms): ${JSON.stringify(r.calls.map((c) => Math.round(c.details[part])))}\n`);
  process.stderr.write(`call-setup ${peer}: 407 challenges per call [console, bare]: ${JSON.stringify(perCall)}\n`);
  process.stderr.write(`call-setup ${peer}: bare per call (ms): ${JSON.stringify(r.bare.map(Math.round))}; bare first ${Math.round(bareFirst)}; ${load()}\n`);
  return { results: r, bare };
}

async function measure(): Promise<Results> {
  const w = await (world ??= start());
  const sipp = await peerRun(w, 'sipp', 1);
  await sipp.bare.stop();
  const chromium = await peerRun(w, 'chromium', 2);
  await chromium.bare.stop();
  process.stderr.write(`call-setup: ${load()}\n`);
  return { peers: { sipp: sipp.results, chromium: chromium.results } };
}

/** A 60 s call, recorded, on each side (console and a bare page, to the Chromium debtor): renderer CPU (task time / wall time) and JS heap. */
async function measureLong(): Promise<LongResults> {
  const w = await (world ??= start());
  const r: LongResults = { cpu: { console: 0, bare: 0 }, heapMb: { console: 0, bare: 0 } };
  const before = await metrics(w.cdp);
  const started = Date.now();
  await consoleCall(w, accountIndex('chromium', CALLS + 1), LONG_CALL_MS);
  const after = await metrics(w.cdp);
  r.cpu.console = (100 * (after.task - before.task)) / ((Date.now() - started) / 1000);
  r.heapMb.console = after.heap / 1e6;
  const bare = await w.lab.agentPhone({ user: w.lab.agents[3]!.user, password: w.lab.agents[3]!.password });
  const bareCdp = await bare.page.context().newCDPSession(bare.page);
  await bareCdp.send('Performance.enable');
  const b0 = await metrics(bareCdp);
  const t0 = Date.now();
  const id = await bare.call(`sip:${NUMBERS.cn.answer}@${w.lab.domain}`);
  await bare.waitForState(id, 'established', { timeoutMs: 15_000 });
  await sleep(LONG_CALL_MS);
  await bare.hangup(id);
  const b1 = await metrics(bareCdp);
  r.cpu.bare = (100 * (b1.task - b0.task)) / ((Date.now() - t0) / 1000);
  r.heapMb.bare = b1.heap / 1e6;
  await bare.stop();
  process.stderr.write(`call-60s: ${load()}\n`);
  return r;
}

const results$ = () => (results ??= measure());
const long$ = () => (long ??= measureLong());

const BARE = 'bare sip.js page, same peer, invite() to Established (no screen to paint), calls interleaved with the console\'s';
const PEER_NAME: Record<Peer, string> = {
  sipp: 'SIPp answering at once (200 OK with SDP, media through rtpengine)',
  chromium: 'the lab\'s Chromium debtor answering over WebRTC',
};
const total = (r: PeerResults) => r.calls.map((c) => c.total);

function peerBenches(peer: Peer, prefix: string): Bench[] {
  const of = (r: Results) => r.peers[peer];
  const to = PEER_NAME[peer];
  return [
    {
      name: `${prefix}median`,
      async run() {
        const r = of(await results$());
        return { value: median(total(r)), unit: 'ms', baseline: median(r.bare), baselineName: `console click → "Connected" painted, calling ${to}, vs ${BARE}` };
      },
    },
    {
      name: `${prefix}p95`,
      async run() {
        const r = of(await results$());
        return { value: percentile(total(r), 95), unit: 'ms', baseline: percentile(r.bare, 95), baselineName: `calling ${to}: ${BARE}` };
      },
    },
    {
      name: `${prefix}first-after-load`,
      async run() {
        const r = of(await results$());
        return { value: r.first.total, unit: 'ms', baseline: r.bareFirst, baselineName: `calling ${to}: the first call of a fresh ${BARE}` };
      },
    },
    // Each phase's median; the baseline is the median total, so the ratio is the phase's share.
    ...PHASES.map((phase): Bench => ({
      name: `${prefix}phase.${phase}`,
      async run() {
        const r = of(await results$());
        return { value: median(r.calls.map((c) => c.phases[phase])), unit: 'ms', baseline: median(total(r)), baselineName: `calling ${to}: console click → "Connected" painted (median); the ratio is this phase's share` };
      },
    })),
    {
      // The console answers the proxy's digest challenge ahead on INVITEs after the first (ProxyCredentials).
      name: `${prefix}proxy-challenges`,
      async run() {
        const r = of(await results$());
        return { value: r.challenges.console, unit: '407 challenges per call', baseline: r.challenges.bare, baselineName: 'bare sip.js page: a 407 and a second INVITE on every call' };
      },
    },
  ];
}

export const benches: Bench[] = [
  ...peerBenches('sipp', 'call.setup.sipp.'),
  ...peerBenches('chromium', 'call.setup.'),
  {
    name: 'call.60s.renderer-cpu',
    async run() {
      const r = await long$();
      return { value: r.cpu.console, unit: '% of one core', baseline: r.cpu.bare, baselineName: 'bare sip.js page, same call, not recorded' };
    },
  },
  {
    name: 'call.60s.renderer-heap',
    async run() {
      const r = await long$();
      return { value: r.heapMb.console, unit: 'MB', baseline: r.heapMb.bare, baselineName: 'bare sip.js page, same call' };
    },
  },
];

export async function teardown(): Promise<void> {
  if (!world) return;
  const w = await world.catch(() => null);
  if (!w) return;
  await w.browser.close().catch(() => undefined);
  await w.app.stop().catch(() => undefined);
  await w.server.close().catch(() => undefined);
  await w.lab.stop().catch(() => undefined);
  await w.sipp.stop().catch(() => undefined);
}
