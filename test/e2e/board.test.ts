// The team lead's live board through the README's start script and Debian's Chromium: fifty
// simulated agents (created in the console's own server database, then signed in over HTTP)
// drive the embedded server's presence socket directly, changing state every few seconds for
// a while; the lead's board must end up showing exactly the states last sent, never a masked
// debtor's name.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { hashPassword } from '../../server/auth/password';
import { openStore } from '../../server/store/open';
import type { PresenceState, StateMessage } from '../../shared/presence/protocol';
import { LoginResponse } from '../../shared/sync/protocol';
import { launchBrowser, type RunningConsole, screenshot, signIn, startConsole, tempDataDir } from './harness';

const CLOCK = '2026-11-24T02:00:00Z';
const AGENTS = 50;
const RUN_MS = 18_000;
const PASSWORD = 'sim-agent-1234';
const STATES: PresenceState[] = ['available', 'dialing', 'ringing', 'on_call', 'wrap_up', 'paused'];

let browser: Browser;
let app: RunningConsole;
let page: Page;
let serverUrl: string;
const dataDir = tempDataDir();

interface SimAgent { name: string; ws: WebSocket; last: StateMessage | null }
const agents: SimAgent[] = [];

function stateFor(state: PresenceState, i: number): StateMessage {
  const onAccount = state === 'on_call' || state === 'wrap_up' || state === 'dialing' || state === 'ringing';
  const masked = state !== 'wrap_up';
  return {
    type: 'state', state, at: new Date().toISOString(),
    ...(state === 'paused' ? { pauseReason: 'break' as const } : {}),
    account: onAccount ? { id: `sim-acc-${i}`, ref: `SIM-${String(i).padStart(4, '0')}`, masked, ...(masked ? {} : { debtorName: `Debtor ${i}` }) } : null,
    callStartedAt: state === 'on_call' || state === 'wrap_up' ? new Date(Date.now() - 30_000).toISOString() : null,
    step: state === 'on_call' ? 'verify:identity' : null,
    lastOutcome: state === 'wrap_up' ? 'promise_to_pay' : null,
  };
}

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startConsole({ FAIRLINE_DATA_DIR: dataDir, FAIRLINE_CLOCK: CLOCK });
  const embedded = /Central server \(embedded\): (\S+), data in (\S+)/.exec(app.output());
  if (!embedded) throw new Error(`no embedded server in the output:\n${app.output()}`);
  serverUrl = embedded[1]!;

  // Fifty collectors in the lead's team, written straight into the console's server database
  // (one password hash for all: scrypt is deliberately slow).
  const store = await openStore({ databaseFile: embedded[2]! });
  try {
    const lead = await store.findUserByUsername('lead');
    const passwordHash = await hashPassword(PASSWORD);
    const at = new Date().toISOString();
    for (let i = 0; i < AGENTS; i++) {
      await store.createUser({ id: randomUUID(), username: `sim${i}`, displayName: `Sim Agent ${String(i).padStart(2, '0')}`, role: 'collector', teamId: lead!.teamId, passwordHash }, at);
    }
  } finally {
    await store.close();
  }

  const tokens = await Promise.all(Array.from({ length: AGENTS }, async (_, i) => {
    const res = await fetch(new URL('/api/auth/login', serverUrl), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `sim${i}`, password: PASSWORD, deviceId: `sim-${i}` }),
    });
    return LoginResponse.parse(await res.json()).token;
  }));
  for (const [i, token] of tokens.entries()) {
    const ws = new WebSocket(new URL('/api/presence', serverUrl.replace(/^http/, 'ws')), { headers: { authorization: `Bearer ${token}` } });
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    agents.push({ name: `Sim Agent ${String(i).padStart(2, '0')}`, ws, last: null });
  }

  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(app.url);
  await page.getByTestId('lang-switch').selectOption('en');
  await signIn(page, 'lead');
  await page.getByTestId('board-view').waitFor();
}, 120_000);

afterAll(async () => {
  for (const a of agents) a.ws.terminate();
  await browser?.close();
  await app?.stop();
});

/** Every row of the board as agent name → state. */
async function shown(): Promise<Record<string, string>> {
  return page.locator('[data-testid="board-row"]').evaluateAll((rows) =>
    Object.fromEntries(rows.map((r) => [r.getAttribute('data-agent') ?? '', r.getAttribute('data-state') ?? ''])));
}

describe('the team lead’s live board', () => {
  it('follows fifty agents changing state and ends on exactly what each sent last', { timeout: 60_000 }, async () => {
    expect(await page.getByTestId('nav-board').getAttribute('aria-current')).toBe('page');
    // Everyone in the team is on the board from the start, offline until they report.
    await expect.poll(async () => Object.keys(await shown()).filter((n) => n.startsWith('Sim Agent')).length, { timeout: 10_000 }).toBe(AGENTS);

    let seq = 0;
    const send = (a: SimAgent, i: number) => {
      const message = stateFor(STATES[(i + seq++) % STATES.length]!, i);
      a.last = message;
      a.ws.send(JSON.stringify(message));
    };
    agents.forEach(send);
    // Each agent changes state every 2–4 s (staggered), and sends heartbeats between.
    const timers = agents.map((a, i) => setInterval(() => send(a, i), 2_000 + (i % 5) * 500));
    const heartbeats = setInterval(() => agents.forEach((a) => a.ws.send('{"type":"heartbeat"}')), 3_000);
    try {
      await new Promise((r) => setTimeout(r, RUN_MS));
    } finally {
      timers.forEach(clearInterval);
    }

    const expected = Object.fromEntries(agents.map((a) => [a.name, a.last!.state]));
    await expect.poll(async () => {
      const rows = await shown();
      return Object.fromEntries(Object.entries(rows).filter(([n]) => n.startsWith('Sim Agent')));
    }, { timeout: 5_000 }).toEqual(expected);

    // No masked account carries a name, an unmasked wrap-up shows it.
    const html = await page.getByTestId('board-table').innerHTML();
    for (const [i, a] of agents.entries()) {
      if (a.last!.account?.masked) expect(html).not.toContain(`Debtor ${i}<`);
    }
    // Sorted by name, the simulated agents are in order; filtered by state, only that state shows.
    await page.getByTestId('board-sort-name').click();
    const names = Object.keys(await shown()).filter((n) => n.startsWith('Sim Agent'));
    expect(names).toEqual([...names].sort());
    const common = STATES.map((s) => [s, Object.values(expected).filter((e) => e === s).length] as const).sort((x, y) => y[1] - x[1])[0]!;
    await page.getByTestId('board-state-filter').selectOption(common[0]);
    const filtered = Object.values(await shown());
    expect(filtered.every((s) => s === common[0])).toBe(true);
    expect(filtered.length).toBe(common[1]);
    await page.getByTestId('board-state-filter').selectOption('');
    await page.getByTestId('board-sort-state').click();
    clearInterval(heartbeats);
    await page.getByTestId('board-figures').waitFor();
    await screenshot(page, '40-board');
  });
});
