// Contacts one agent logged reach whoever works the account next as central history, so the
// gate counts them across agents; the console that logged them is not sent them twice as its own.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClientEvent } from '../../shared/domain/events';
import { PullResponse } from '../../shared/sync/protocol';
import { type AdminIo, runAdmin } from '../../server/admin/cli';
import { NOW, type TestServer, call, describeEachStore, login, startTestServer } from './helpers';

describeEachStore('contacts as history for the next agent', (kind) => {
  let server: TestServer;
  beforeAll(async () => { server = await startTestServer({ seedDemo: true }, kind); }, 30_000);
  afterAll(async () => { await server?.stop(); });

  const pullAll = async (token: string) => {
    const bundles: PullResponse['accounts'] = [];
    for (let cursor = 0; ;) {
      const page = PullResponse.parse((await call(server.url, `/api/sync/pull?cursor=${cursor}&limit=1000`, { token })).body);
      bundles.push(...page.accounts);
      cursor = page.cursor;
      if (!page.hasMore) return bundles;
    }
  };

  it('sends a reassigned account with the attempts and promises its previous agent logged', async () => {
    const first = await login(server.url, 'collector1', 'dev-c1');
    const [bundle] = await pullAll(first.token);
    const account = bundle!.account;
    const phone = bundle!.phones[0]!;
    const at = NOW.toISOString();
    const attempt: ClientEvent = {
      id: uuidv7(), deviceId: 'dev-c1', seq: 1, userId: first.user.id, accountId: account.id, deviceTime: at,
      body: { type: 'call.attempt', callId: 'call-1', direction: 'outbound', phoneId: phone.id, partyId: phone.partyId, number: phone.number, result: 'busy', startedAt: at, answeredAt: null, endedAt: at, sipStatus: 486, recording: null },
    };
    const outcome: ClientEvent = {
      id: uuidv7(), deviceId: 'dev-c1', seq: 2, userId: first.user.id, accountId: account.id, deviceTime: at,
      body: {
        type: 'call.outcome', callId: null, phoneId: phone.id, partyId: phone.partyId, packId: 'cn', outcome: 'promise_to_pay', contact: 'conversation', hold: null,
        promise: { amountMinor: 800_00, dueDate: '2025-06-06' }, plan: null, callback: null, note: 'desk phone', extensionDate: null, attorney: null, flaggedPhrases: [], steps: [], trackId: null,
      },
    };
    const inbound: ClientEvent = { ...attempt, id: uuidv7(), seq: 3, body: { ...(attempt.body as Extract<ClientEvent['body'], { type: 'call.attempt' }>), callId: 'call-2', direction: 'inbound' } };
    expect((await call(server.url, '/api/sync/push', { token: first.token, body: { deviceId: 'dev-c1', events: [attempt, outcome, inbound] } })).status).toBe(200);

    const out: string[] = [];
    const io: AdminIo = { out: (l) => out.push(l), err: (l) => out.push(l), env: server.database.env, now: () => NOW };
    expect(await runAdmin(['assign', account.ref, 'field'], io)).toBe(0);

    const next = await login(server.url, 'field', 'dev-f');
    const moved = (await pullAll(next.token)).find((b) => b.account.id === account.id)!;
    const logged = moved.history.filter((h) => h.id.startsWith(attempt.id) || h.id.startsWith(outcome.id) || h.id.startsWith(inbound.id));
    expect(logged).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: attempt.id, kind: 'call', result: 'busy', actor: '李娜', at }),
      expect.objectContaining({ id: outcome.id, kind: 'call', result: 'answered', note: 'promise_to_pay' }),
      expect.objectContaining({ id: `${outcome.id}:1`, kind: 'promise', result: 'pending', amountMinor: 800_00, dueDate: '2025-06-06' }),
    ]));
    // The debtor calling in is not an attempt the caps count.
    expect(logged).toHaveLength(3);
  });

  it("accepts what an agent did on an account moved to another team while they were offline, and still refuses another team's accounts", async () => {
    const agent = await login(server.url, 'collector1', 'dev-c1b');
    const bundles = await pullAll(agent.token);
    const moved = bundles[5]!.account;
    const out: string[] = [];
    const io: AdminIo = { out: (l) => out.push(l), err: (l) => out.push(l), env: server.database.env, now: () => NOW };
    // The account goes to the US team while collector1 is out of coverage.
    expect(await runAdmin(['assign', moved.ref, 'collector2'], io)).toBe(0);
    const note = (seq: number, accountId: string): ClientEvent => ({
      id: uuidv7(), deviceId: 'dev-c1b', seq, userId: agent.user.id, accountId, deviceTime: NOW.toISOString(), body: { type: 'note.added', text: 'visited the branch' },
    });
    const accepted = await call(server.url, '/api/sync/push', { token: agent.token, body: { deviceId: 'dev-c1b', events: [note(1, moved.id)] } });
    expect(accepted).toMatchObject({ status: 200, body: { lastSeq: 1 } });
    // An account collector1's team never had is still refused, naming it, and nothing is written.
    const other = await login(server.url, 'collector2', 'dev-c2');
    const theirs = (await pullAll(other.token)).find((b) => b.account.id !== moved.id)!.account;
    const refused = await call<{ error: { message: string } }>(server.url, '/api/sync/push', { token: agent.token, body: { deviceId: 'dev-c1b', events: [note(2, theirs.id)] } });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain(theirs.id);
    expect(Number((await server.database.query<{ n: number | string }>("select count(*) as n from events where device_id = 'dev-c1b'"))[0]!.n)).toBe(1);
  });
});
