// A console in its own process, for the SIGKILL test: opens the core on a data directory,
// signs in (first run only: the session is kept in the local store), and then either
//   work:  logs events through the core's API as fast as an agent's console would take them,
//          printing `ok <eventId> <callId>` the moment each call resolves (the UI's "saved"),
//          while syncing all the time, until the parent kills it; or
//   drain: syncs until nothing is waiting and a whole sync went through, then exits 0.
// Every call goes through `dispatch`, as the Electron and browser hosts do (inputs and answers
// validated against the contract).
//
//   node --import tsx test/reliability/client-child.ts MODE DATA_DIR SERVER_URL USERNAME SEED RUN
// (the tests run it bundled, see consoleChild in processes.ts)
import { dispatch } from '../../shared/api/dispatch';
import type { Input, MethodName, Output } from '../../shared/api/contract';
import { createCore } from '../../electron/core/core';
import { Rng } from './random';

const [mode, dataDir, serverUrl, username, seedText, runText] = process.argv.slice(2);
if (!mode || !dataDir || !serverUrl || !username || !seedText || !runText) {
  process.stderr.write('usage: client-child.ts work|drain DATA_DIR SERVER_URL USERNAME SEED RUN\n');
  process.exit(2);
}
const rng = new Rng(Number(seedText));
// Says when a push leaves and when its answer is in, so the parent knows where its kill landed.
const watchedFetch: typeof fetch = async (input, init) => {
  const push = String(input).includes('/api/sync/push');
  if (push) say('push>');
  try {
    return await fetch(input, init);
  } finally {
    if (push) say('push<');
  }
};
const core = createCore({ dataDir, pinnedServerUrl: serverUrl, defaultServerUrl: serverUrl, host: 'browser', version: '0.0.0-reliability' }, {
  syncIntervalMs: 3_600_000, fetch: watchedFetch,
});

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function api<M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> {
  const result = await dispatch(core.handlers, method, input, (err) => process.stderr.write(`internal: ${String(err)}\n`));
  if (!result.ok) throw Object.assign(new Error(`${method}: ${result.error.code} ${result.error.message}`), { code: result.error.code });
  return result.value as Output<M>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function signedIn(): Promise<void> {
  for (let attempt = 0; !(await api('session.current', {})); attempt++) {
    try {
      await api('session.signIn', { username: username!, password: 'demo1234' });
    } catch (err) {
      if (attempt > 50) throw err;
      await sleep(200);
    }
  }
}

async function work(): Promise<void> {
  await signedIn();
  // The portfolio: pulled on the first run (and again if a kill came before it landed).
  let page = await api('queue.page', { filter: {}, offset: 0, limit: 500 });
  while (page.total === 0) {
    await api('sync.now', {});
    page = await api('queue.page', { filter: {}, offset: 0, limit: 500 });
  }
  const accounts: { accountId: string; phoneId: string; number: string }[] = [];
  for (let i = 0; i < 6; i++) {
    const row = rng.pick(page.rows);
    const detail = await api('account.get', { accountId: row.accountId });
    const phone = detail.phones[0];
    if (phone) accounts.push({ accountId: row.accountId, phoneId: phone.id, number: phone.number });
  }
  say('ready');

  // Syncing all the time, so that a kill lands in the middle of pushes as often as not.
  void (async () => {
    for (;;) {
      await api('sync.now', {}).catch((err: unknown) => process.stderr.write(`sync: ${String(err)}\n`));
      await sleep(rng.int(0, 40));
    }
  })();

  for (let i = 0; ; i++) {
    if (rng.chance(0.8)) {
      const a = rng.pick(accounts);
      const callId = `r${runText}c${i}`;
      const at = new Date().toISOString();
      const res = await api('call.logAttempt', {
        accountId: a.accountId, callId, direction: 'outbound', phoneId: a.phoneId, number: a.number,
        result: rng.pick(['no_answer', 'busy', 'voicemail', 'answered'] as const), startedAt: at, answeredAt: null, endedAt: at,
        sipStatus: 480, recordingDurationMs: null,
      });
      say(`ok ${res.eventId} ${callId}`);
    } else {
      await api('agent.setStatus', rng.chance(0.5) ? { state: 'available' } : { state: 'paused', reason: 'break' });
      say(`status ${i}`);
    }
    if (rng.chance(0.3)) await sleep(rng.int(0, 5));
    else await new Promise((resolve) => setImmediate(resolve));
  }
}

async function drain(): Promise<void> {
  await signedIn();
  const until = Date.now() + 120_000;
  for (;;) {
    const status = await api('sync.now', {});
    if (status.pendingEvents === 0 && status.lastError === null) break;
    if (Date.now() > until) throw new Error(`still ${status.pendingEvents} events waiting: ${status.lastError}`);
    await sleep(100);
  }
  say('drained');
  core.close();
  process.exit(0);
}

(mode === 'work' ? work() : drain()).catch((err: unknown) => {
  say(`error ${err instanceof Error ? err.message : String(err)}`);
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
