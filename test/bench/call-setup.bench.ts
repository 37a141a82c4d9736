// Calls over the lab (real Kamailio, Chromium on both ends): how long from the agent's click to
// "Connected" painted on screen, in phases (authorize: the gate asked again in the core; offer;
// ICE gathering; INVITE sent; INVITE → 200 OK applied (sip.js Established); Established → painted),
// the first call after the console is loaded, and the renderer's CPU and memory through a 60 s
// recorded call. Baselines, same run: a bare sip.js page (the lab's agent phone) placing the
// same calls to the same debtor through the same Kamailio.
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { type Lab, NUMBERS, startLab } from '../../lab/lab';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { type RunningServer, startServer } from '../../server/app';
import type { RunningConsole } from '../e2e/harness';
import { openLabConsole, registerWithLab } from '../e2e/phone-world';
import { type Bench, median, percentile } from './bench';

const CALLS = 20;
const LONG_CALL_MS = 60_000;
const CLOCK = '2026-11-24T02:00:00Z';
const offset = Date.parse(CLOCK) - Date.now();
const now = () => new Date(Date.now() + offset);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface World { lab: Lab; server: RunningServer; app: RunningConsole; browser: Browser; page: Page; cdp: CDPSession }
let world: Promise<World> | null = null;
let results: Promise<Results> | null = null;

const PHASES = ['authorize', 'offer', 'gathering', 'send', 'inviteTo200', 'toPainted'] as const;
type Phase = (typeof PHASES)[number];
interface Timing { total: number; phases: Record<Phase, number> }

interface Results {
  calls: Timing[];
  first: number;
  bare: number[];
  bareFirst: number;
  /** Digest challenges Kamailio sent per call (sl:407_replies), console and bare page. */
  challenges: { console: number; bare: number };
  cpu: { console: number; bare: number };
  heapMb: { console: number; bare: number };
}

/** One account per call: the cn pack caps connected calls a day per debtor. */
function labAccounts(userId: string, teamId: string | null): AccountBundle[] {
  return Array.from({ length: CALLS + 3 }, (_, i) => {
    const id = `acc-bench-${i}`;
    return {
      account: {
        id, ref: `BENCH-${String(i).padStart(3, '0')}`, region: 'CN', currency: 'CNY', debtorName: `基准测试${i}`, address: '上海市浦东新区世纪大道100号',
        province: '上海市', postalCode: '200120', timeZone: 'Asia/Shanghai', assignedTo: userId, teamId,
      },
      debts: [{ id: `debt-bench-${i}`, accountId: id, lender: '测试银行', product: '信用贷', principalMinor: 100_000, feesMinor: 0, balanceMinor: 100_000, dueDate: '2026-10-01', stage: 'early' }],
      parties: [{ id: `party-bench-${i}`, accountId: id, kind: 'debtor', relation: 'self', name: `基准测试${i}` }],
      phones: [{ id: `phone-bench-${i}`, accountId: id, partyId: `party-bench-${i}`, number: NUMBERS.cn.answer, type: 'mobile', consent: 'express', timeZone: null }],
      holds: [],
      history: [],
    };
  });
}

async function start(): Promise<World> {
  const lab = await startLab({ debtors: [NUMBERS.cn.answer] });
  const dir = mkdtempSync(join(tmpdir(), 'fairline-bench-call-'));
  const server = await startServer({ databaseFile: join(dir, 'server.db'), seedDemo: true, logger: false, now });
  const user = (await server.store.findUserByUsername('collector1'))!;
  await server.store.insertAccounts(labAccounts(user.id, user.teamId), now().toISOString());
  const { app, browser, page } = await openLabConsole({ dataDir: dir, serverUrl: server.url, clock: CLOCK, toneSeconds: 180 });
  await page.getByTestId('queue-row').first().waitFor();
  await registerWithLab(page, lab);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return { lab, server, app, browser, page, cdp };
}

/** Clicks the dial button and times it to "Connected" on screen: a mutation observer sees the
 *  text, and the frame after the one it lands in counts as painted. */
async function consoleCall(w: World, i: number, holdMs: number): Promise<Timing> {
  const { page } = w;
  await page.getByTestId('nav-queue').click();
  await page.getByTestId('queue-search').fill(`BENCH-${String(i).padStart(3, '0')}`);
  await page.locator(`[data-testid="queue-row"][data-account-id="acc-bench-${i}"]`).click();
  await page.locator('[data-testid="dial-button"]:not([disabled])').first().waitFor();
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
  await page.locator('[data-testid="softphone-controls"][data-call-state="established"]').waitFor({ timeout: 15_000 });
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
      // INVITE on the wire → 200 OK received and its answer applied (sip.js Established).
      inviteTo200: at('established') - at('invite-sent'),
      toPainted: at('painted') - at('established'),
    },
  };
}

async function metrics(cdp: CDPSession): Promise<{ task: number; heap: number }> {
  const { metrics: m } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => m.find((x) => x.name === name)?.value ?? 0;
  return { task: get('TaskDuration'), heap: get('JSHeapUsedSize') };
}

async function measure(): Promise<Results> {
  const w = await (world ??= start());
  const r: Results = { calls: [], first: 0, bare: [], bareFirst: 0, challenges: { console: 0, bare: 0 }, cpu: { console: 0, bare: 0 }, heapMb: { console: 0, bare: 0 } };
  // The first call after the console is loaded (the phone registered, nothing else warmed by a call).
  await w.page.reload();
  await w.page.locator('[data-testid="phone-status"][data-state="registered"]').waitFor({ timeout: 20_000 });
  const first = await consoleCall(w, CALLS + 2, 300);
  r.first = first.total;
  process.stderr.write(`call-setup: first call after load (ms): ${Math.round(first.total)} ${JSON.stringify(Object.fromEntries(PHASES.map((p) => [p, Math.round(first.phases[p])])))}\n`);
  const challenged = () => w.lab.proxyStatistic('sl:407_replies');
  const c0 = challenged();
  for (let i = 0; i < CALLS; i++) r.calls.push(await consoleCall(w, i, 300));
  r.challenges.console = (challenged() - c0) / CALLS;
  // The same calls from a bare sip.js page; its first call counted apart.
  const bare = await w.lab.agentPhone({ user: w.lab.agents[1]!.user, password: w.lab.agents[1]!.password });
  const debtor = w.lab.debtor(NUMBERS.cn.answer);
  const bc0 = challenged();
  for (let i = 0; i <= CALLS; i++) {
    const id = await bare.call(`sip:${NUMBERS.cn.answer}@${w.lab.domain}`);
    const call = await bare.waitForState(id, 'established', { timeoutMs: 15_000 });
    if (i === 0) r.bareFirst = call.answeredAt! - call.startedAt;
    else r.bare.push(call.answeredAt! - call.startedAt);
    await sleep(300);
    await bare.hangup(id);
    await debtor.waitForCall((c) => c.state === 'ended', { timeoutMs: 5_000 }).catch(() => undefined);
  }
  r.challenges.bare = (challenged() - bc0) / (CALLS + 1);
  // A 60 s call, recorded, on each side: renderer CPU (task time / wall time) and JS heap.
  const before = await metrics(w.cdp);
  const started = Date.now();
  await consoleCall(w, CALLS + 1, LONG_CALL_MS);
  const after = await metrics(w.cdp);
  r.cpu.console = (100 * (after.task - before.task)) / ((Date.now() - started) / 1000);
  r.heapMb.console = after.heap / 1e6;
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
  process.stderr.write(`call-setup: per call (ms): ${JSON.stringify(r.calls.map((c) => Math.round(c.total)))}\n`);
  for (const phase of PHASES) process.stderr.write(`call-setup: ${phase} per call (ms): ${JSON.stringify(r.calls.map((c) => Math.round(c.phases[phase])))}\n`);
  process.stderr.write(`call-setup: bare per call (ms): ${JSON.stringify(r.bare.map(Math.round))}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores\n`);
  return r;
}

const results$ = () => (results ??= measure());

const BARE = 'bare sip.js page, same peers, invite() to Established (no screen to paint)';
const total = (r: Results) => r.calls.map((c) => c.total);

export const benches: Bench[] = [
  {
    name: 'call.setup.median',
    async run() {
      const r = await results$();
      return { value: median(total(r)), unit: 'ms', baseline: median(r.bare), baselineName: `console click → "Connected" painted vs ${BARE}` };
    },
  },
  {
    name: 'call.setup.p95',
    async run() {
      const r = await results$();
      return { value: percentile(total(r), 95), unit: 'ms', baseline: percentile(r.bare, 95), baselineName: BARE };
    },
  },
  {
    name: 'call.setup.first-after-load',
    async run() {
      const r = await results$();
      return { value: r.first, unit: 'ms', baseline: r.bareFirst, baselineName: `the first call of a fresh ${BARE}` };
    },
  },
  // Each phase's median; the baseline is the median total, so the ratio is the phase's share.
  ...PHASES.map((phase): Bench => ({
    name: `call.setup.phase.${phase}`,
    async run() {
      const r = await results$();
      return { value: median(r.calls.map((c) => c.phases[phase])), unit: 'ms', baseline: median(total(r)), baselineName: 'console click → "Connected" painted (median): the ratio is this phase\'s share' };
    },
  })),
  {
    // The console answers the proxy's digest challenge ahead on INVITEs after the first (ProxyCredentials).
    name: 'call.setup.proxy-challenges',
    async run() {
      const r = await results$();
      return { value: r.challenges.console, unit: '407 challenges per call', baseline: r.challenges.bare, baselineName: 'bare sip.js page: a 407 and a second INVITE on every call' };
    },
  },
  {
    name: 'call.60s.renderer-cpu',
    async run() {
      const r = await results$();
      return { value: r.cpu.console, unit: '% of one core', baseline: r.cpu.bare, baselineName: 'bare sip.js page, same call, not recorded' };
    },
  },
  {
    name: 'call.60s.renderer-heap',
    async run() {
      const r = await results$();
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
}
