// The team lead's live board through the README's start script and Debian's Chromium: fifty
// simulated agents (created in the console's own server database, then signed in over HTTP)
// drive the embedded server's presence socket directly, changing state every few seconds for
// a while; the lead's board must end up showing exactly the states last sent, never a masked
// debtor's name; talk-track steps by their titles; today's time in each state; alerts with the
// compliance reasons in words (English and Chinese); and an account opened from an alert whose
// Back returns to the board.
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import WebSocket from 'ws';
import { hashPassword } from '../../server/auth/password';
import { openStore } from '../../server/store/open';
import type { ClientEvent, EventBody } from '../../shared/domain/events';
import type { PresenceState, StateMessage } from '../../shared/presence/protocol';
import { LoginResponse, PullResponse } from '../../shared/sync/protocol';
import { launchBrowser, type RunningConsole, screenshot, signIn, startConsole, tempDataDir } from './harness';

const CLOCK = '2026-11-24T02:00:00Z';
const AGENTS = 50;
const RUN_MS = 18_000;
const PASSWORD = 'sim-agent-1234';
const SIGN_IN_BATCH = 4;
const STATES: PresenceState[] = ['available', 'dialing', 'ringing', 'on_call', 'wrap_up', 'paused'];
/**
 * The steps agents on a call report (agent i the i-th, in turn), and how the board shows each:
 * its title (a track's step in the track's words), and on hover the track and kind of step.
 */
const STEPS: { step: string; title: { en: string; zh: string }; hover: { en: string; zh: string } }[] = [
  {
    step: 'demo-en-early-overdue:check_in',
    title: { en: 'Did something get in the way of the payment?', zh: 'Did something get in the way of the payment?' },
    hover: { en: 'Early overdue · Ask: Did something get in the way of the payment?', zh: 'Early overdue · 提问：Did something get in the way of the payment?' },
  },
  {
    step: 'system:mini_miranda',
    title: { en: 'Required disclosure', zh: '必要告知' },
    hover: { en: 'Required disclosure: My name is … and I am calling from ….', zh: '必要告知：本次来电来自债务催收方，目的是催收债务，您提供的任何信息都将用于此目的。' },
  },
  {
    step: 'demo-zh-early-overdue:pay_when',
    title: { en: '您看今天能处理一下吗？', zh: '您看今天能处理一下吗？' },
    hover: { en: '逾期初期 · Ask: 您看今天能处理一下吗？', zh: '逾期初期 · 提问：您看今天能处理一下吗？' },
  },
  // A track this console does not have: the step as reported.
  { step: 'retired-track:intro', title: { en: 'retired-track:intro', zh: 'retired-track:intro' }, hover: { en: 'retired-track:intro', zh: 'retired-track:intro' } },
];

/** Agents on a call as the board shows them: [name, step text, step on hover]. */
async function stepsShown(): Promise<string[][]> {
  return page.locator('[data-testid="board-row"][data-state="on_call"]').evaluateAll((rows) => rows.map((r) => {
    const cell = r.querySelector('.board-step');
    return [r.getAttribute('data-agent') ?? '', cell?.textContent ?? '', cell?.getAttribute('title') ?? ''];
  }));
}
const expectedStep = (name: string) => STEPS[Number(name.slice(-2)) % STEPS.length]!;

let browser: Browser;
let app: RunningConsole;
let page: Page;
let serverUrl: string;
let serverDb: string;
let heartbeats: NodeJS.Timeout | undefined;
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
    step: state === 'on_call' ? STEPS[i % STEPS.length]!.step : null,
    lastOutcome: state === 'wrap_up' ? 'promise_to_pay' : null,
    callId: null, sipUri: null,
  };
}

beforeAll(async () => {
  browser = await launchBrowser();
  app = await startConsole({ FAIRLINE_DATA_DIR: dataDir, FAIRLINE_CLOCK: CLOCK });
  const embedded = /Central server \(embedded\): (\S+), data in (\S+)/.exec(app.output());
  if (!embedded) throw new Error(`no embedded server in the output:\n${app.output()}`);
  serverUrl = embedded[1]!;
  serverDb = embedded[2]!;

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

  // Signed in a few at a time, as a shift starting does: the server hashes a handful of
  // passwords at once and answers the rest 429 with Retry-After, which is honoured here.
  const tokens: string[] = [];
  for (let first = 0; first < AGENTS; first += SIGN_IN_BATCH) {
    const batch = Array.from({ length: Math.min(SIGN_IN_BATCH, AGENTS - first) }, (_, k) => first + k);
    tokens.push(...await Promise.all(batch.map((i) => signInOverHttp(serverUrl, `sim${i}`, `sim-${i}`))));
  }
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
  clearInterval(heartbeats);
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
    heartbeats = setInterval(() => agents.forEach((a) => a.ws.send('{"type":"heartbeat"}')), 3_000); // kept up for the next tests
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
  });

  it('titles the talk-track step each agent is on, and shows today’s time in each state', { timeout: 30_000 }, async () => {
    // Every agent on a call shows its step by title (the kind, then the question or sentence).
    for (const [i, a] of agents.slice(0, 2 * STEPS.length).entries()) {
      a.last = stateFor('on_call', i);
      a.ws.send(JSON.stringify(a.last));
    }
    const titled = async () => {
      const rows = await stepsShown();
      return rows.length >= 2 * STEPS.length && rows.every(([name, text, hover]) => text === expectedStep(name!).title.en && hover === expectedStep(name!).hover.en);
    };
    await expect.poll(titled, { timeout: 5_000 }).toBe(true);
    expect((await stepsShown()).some(([, text]) => text!.includes('demo-') || text!.includes('system:'))).toBe(false);

    // The day's time in each state, as the server stored it: read again when the board opens.
    await page.getByTestId('nav-queue').click();
    await page.getByTestId('nav-board').click();
    await page.getByTestId('board-figures').waitFor();
    const today = page.locator('[data-testid="board-row"][data-agent="Sim Agent 00"] [data-testid="board-today"]');
    await expect.poll(async () => (await today.getAttribute('title')) ?? '', { timeout: 10_000 }).toMatch(/^Time in each state today: /);
    const title = (await today.getAttribute('title'))!;
    // Agent 00 went through several states during the run, each a few seconds.
    const labels: Record<string, string> = { available: 'Available', dialing: 'Dialling', ringing: 'Ringing', on_call: 'On a call', wrap_up: 'Wrap-up', paused: 'Paused' };
    const listed = STATES.filter((s) => new RegExp(`(: | · )${labels[s]} \\d+:\\d\\d`).test(title));
    expect(listed.length).toBeGreaterThanOrEqual(3);
    const total = (await today.locator('.board-today-total').textContent())!;
    const [m, sec] = total.split(':').map(Number);
    expect(m! * 60 + sec!).toBeGreaterThanOrEqual(RUN_MS / 1000 - 2);
  });

  it('words the compliance reasons of alerts, and an account opened from one goes back to the board', { timeout: 60_000 }, async () => {
    // collector1 (the lead's team) works an account with a cease-communication hold: the gate
    // refuses a dial, and a call logged anyway is found to break the hold on arrival.
    const login = LoginResponse.parse(await (await fetch(new URL('/api/auth/login', serverUrl), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'collector1', password: 'demo1234', deviceId: 'e2e-board-collector1' }),
    })).json());
    const pull = PullResponse.parse(await (await fetch(new URL('/api/sync/pull?limit=1000', serverUrl), { headers: { authorization: `Bearer ${login.token}` } })).json());
    const target = pull.accounts.find((b) => b.phones.length > 0 && b.holds.length === 0)!;
    const phone = target.phones[0]!;
    // The embedded server runs on the training clock, and judges arrivals by its own time.
    const now = new Date(pull.serverTime);
    const store = await openStore({ databaseFile: serverDb });
    try {
      await store.setHold({ id: 'e2e-board-cease', accountId: target.account.id, kind: 'cease', note: 'cease', effectiveAt: new Date(now.getTime() - 3_600_000).toISOString() }, now.toISOString());
    } finally {
      await store.close();
    }
    let seq = 0;
    const event = (body: EventBody): ClientEvent => ({
      id: uuidv7(), deviceId: 'e2e-board-collector1', seq: ++seq, userId: login.user.id, accountId: target.account.id, deviceTime: now.toISOString(), body,
    });
    const events = [
      event({
        type: 'compliance.decision', phoneId: phone.id, partyId: phone.partyId, decision: 'block', action: 'refused', packId: 'cn', packVersion: '2026.1.0', allowedFrom: null,
        reasons: [{ rule: 'cn.hold.cease', severity: 'block', source: 'account hold', messageKey: 'hold.cease', params: { since: new Date(now.getTime() - 3_600_000).toISOString(), debts: '', phone: '' } }],
      }),
      event({
        type: 'call.attempt', callId: 'e2e-board-call', direction: 'outbound', phoneId: phone.id, partyId: phone.partyId, number: phone.number,
        result: 'no_answer', startedAt: now.toISOString(), answeredAt: null, endedAt: now.toISOString(), sipStatus: 480, recording: null,
      }),
    ];
    const pushed = await fetch(new URL('/api/sync/push', serverUrl), {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` }, body: JSON.stringify({ deviceId: 'e2e-board-collector1', events }),
    });
    expect(pushed.status).toBe(200);

    const alert = (kind: string) => page.locator(`[data-testid="board-alert"][data-kind="${kind}"]`).first();
    await alert('violation').waitFor({ timeout: 10_000 });
    const blocked = (await alert('dial_blocked').locator('.board-alert-detail').textContent())!;
    expect(blocked).toMatch(/^Call refused: The person asked the collector to cease communication \(since .+\)$/);
    expect(await alert('violation').locator('.board-alert-detail').textContent())
      .toBe(`${target.account.ref} contacted during a hold: The person asked the collector to cease communication`);
    const panel = (await page.getByTestId('board-alerts').textContent())!;
    expect(panel).not.toMatch(/cn\.hold|hold\.cease/);

    // In Chinese too: the same messages the agent's gate shows, and the step kinds.
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await expect.poll(async () => alert('violation').locator('.board-alert-detail').textContent()).toBe(`${target.account.ref} 在限制措施期间被联系：对方已要求停止联系`);
    expect(await alert('dial_blocked').locator('.board-alert-detail').textContent()).toMatch(/^呼叫被拒绝：对方已要求停止联系（自 .+ 起）$/);
    const zhMismatches = async () => (await stepsShown()).filter(([name, text, hover]) => text !== expectedStep(name!).title.zh || hover !== expectedStep(name!).hover.zh);
    await expect.poll(zhMismatches, { timeout: 5_000 }).toEqual([]);
    await screenshot(page, '41-board-zh');
    await page.getByTestId('lang-switch').selectOption('en');

    // Open the account from the alert (once this console has pulled it), then Back: the board again.
    await expect.poll(async () => {
      if (!(await page.getByTestId('account-back').isVisible())) {
        await alert('dial_blocked').getByRole('button', { name: 'Open account' }).click({ timeout: 2_000 }).catch(() => {});
      }
      return page.getByTestId('account-back').isVisible();
    }, { timeout: 30_000, interval: 1_000 }).toBe(true);
    expect(await page.getByTestId('nav-board').getAttribute('aria-current')).toBe('page');
    expect(await page.getByTestId('account-back').textContent()).toBe('← Back to the board');
    await page.getByTestId('account-back').click();
    await page.getByTestId('board-view').waitFor();
    expect(await page.getByTestId('nav-board').getAttribute('aria-current')).toBe('page');
    await page.getByTestId('board-figures').waitFor();
    await alert('violation').waitFor();
    await screenshot(page, '40-board');
  });
});

async function signInOverHttp(serverUrl: string, username: string, deviceId: string): Promise<string> {
  for (;;) {
    const res = await fetch(new URL('/api/auth/login', serverUrl), {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD, deviceId }),
    });
    if (res.status === 429) {
      await new Promise((resolve) => setTimeout(resolve, Number(res.headers.get('retry-after') ?? 1) * 1000));
      continue;
    }
    if (!res.ok) throw new Error(`sign-in of ${username} answered ${res.status}: ${await res.text()}`);
    return LoginResponse.parse(await res.json()).token;
  }
}
