// Letters through the server on both stores (docs/messaging.md "Letters"): written for an account
// the agent sees, stored once by SHA-256, listed and served as PDF, issued once per request id;
// refused for another agent's account, for the wrong region or language, and under a cease hold.
import { createHash } from 'node:crypto';
import { extractText, getDocumentProxy } from 'unpdf';
import { v4 as uuidv4 } from 'uuid';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { LetterList, LetterRecord } from '../../shared/messaging/letters';
import { PullResponse } from '../../shared/sync/protocol';
import { type ErrorBody, type TestServer, call, describeEachStore, loginAll, startTestServer } from './helpers';

const CLOCK = new Date('2026-12-07T15:00:00Z');

describeEachStore('letters route', (kind) => {
  let server: TestServer;
  let tokens: Record<'collector1' | 'collector2' | 'admin', string>;
  let cn: AccountBundle[];
  let us: AccountBundle[];

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, now: () => CLOCK, tokenTtlMs: 7 * 24 * 3_600_000 }, kind);
    ({ tokens } = await loginAll(server.url, ['collector1', 'collector2', 'admin'] as const));
    const pull = async (token: string) => PullResponse.parse((await call(server.url, '/api/sync/pull?cursor=0&limit=200', { token })).body).accounts;
    const free = (b: AccountBundle) => b.holds.length === 0 && b.debts.some((d) => d.balanceMinor > 0);
    cn = (await pull(tokens.collector1)).filter(free);
    us = (await pull(tokens.collector2)).filter(free);
    expect(cn.length >= 2 && us.length >= 1).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  const issue = (token: string, body: Record<string, unknown>) => call<LetterRecord | ErrorBody>(server.url, '/api/letters', { token, body: { requestId: uuidv4(), ...body } });

  it('writes the Chinese overdue notice, stores it by its hash, issues once per request id and serves the PDF', async () => {
    const account = cn[0]!;
    const requestId = uuidv4();
    const first = await issue(tokens.collector1, { requestId, accountId: account.account.id, type: 'cn_overdue_notice', language: 'zh-CN' });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const letter = LetterRecord.parse(first.body);
    expect(letter).toMatchObject({ accountId: account.account.id, type: 'cn_overdue_notice', language: 'zh-CN', issuedOn: '2026-12-07', respondBy: null });
    const owed = account.debts.filter((d) => d.balanceMinor > 0);
    expect(letter.amounts.totalMinor).toBe(owed.reduce((s, d) => s + d.balanceMinor, 0));
    expect(letter.amounts.currency).toBe('CNY');
    const again = LetterRecord.parse((await issue(tokens.collector1, { requestId, accountId: account.account.id, type: 'cn_overdue_notice', language: 'zh-CN' })).body);
    expect(again.id).toBe(letter.id);

    const res = await fetch(`${server.url}/api/letters/${letter.id}/pdf`, { headers: { authorization: `Bearer ${tokens.collector1}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(letter.sha256);
    expect(bytes.length).toBe(letter.length);
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    expect(text).toContain('逾期催收通知书');
    expect(text).toContain(account.account.debtorName);

    const list = LetterList.parse((await call(server.url, `/api/letters?accountId=${account.account.id}`, { token: tokens.collector1 })).body);
    expect(list.letters.map((l) => l.id)).toEqual([letter.id]);
    // Another agent's account, and its file: refused.
    expect((await call(server.url, `/api/letters?accountId=${account.account.id}`, { token: tokens.collector2 })).status).toBe(403);
    expect((await fetch(`${server.url}/api/letters/${letter.id}/pdf`, { headers: { authorization: `Bearer ${tokens.collector2}` } })).status).toBe(403);
    expect((await issue(tokens.collector2, { accountId: account.account.id, type: 'cn_overdue_notice', language: 'zh-CN' })).status).toBe(403);
  });

  it('writes the validation notice in Spanish with its validation period', async () => {
    const account = us[0]!;
    const r = await issue(tokens.collector2, { accountId: account.account.id, type: 'validation_notice', language: 'es' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const letter = LetterRecord.parse(r.body);
    expect(letter.respondBy).toBe('2027-01-13'); // sent Mon 7 Dec (New York): received Mon 14th, + 30 days
    expect(letter.amounts.currency).toBe('USD');
    expect(letter.amounts.principalMinor + letter.amounts.feesMinor - letter.amounts.paidMinor).toBe(letter.amounts.totalMinor);
  });

  it('refuses the wrong letter for the region, a language it is not written in, and any letter under a cease hold', async () => {
    const account = cn[1]!;
    const wrong = await issue(tokens.collector1, { accountId: account.account.id, type: 'validation_notice', language: 'en' });
    expect(wrong.status).toBe(403);
    expect((wrong.body as ErrorBody).error.message).toContain('not a letter for an account in CN');
    expect((await issue(tokens.collector1, { accountId: account.account.id, type: 'cn_overdue_notice', language: 'es' })).status).toBe(403);
    await server.store.setHold({ id: `cease-${kind}`, accountId: account.account.id, kind: 'cease', note: 'written request', effectiveAt: '2026-12-01T00:00:00Z' }, CLOCK.toISOString());
    const held = await issue(tokens.collector1, { accountId: account.account.id, type: 'cn_overdue_notice', language: 'zh-CN' });
    expect(held.status).toBe(403);
    expect((held.body as ErrorBody).error.message).toContain('hold.cease');
    // A channel opt-out is not a cease: the letter goes.
    await server.store.setHold({ id: `optout-${kind}`, accountId: cn[0]!.account.id, kind: 'sms_opt_out', note: '+8613800000000', effectiveAt: '2026-12-01T00:00:00Z' }, CLOCK.toISOString());
    expect((await issue(tokens.collector1, { accountId: cn[0]!.account.id, type: 'cn_overdue_notice', language: 'zh-CN' })).status).toBe(200);
  });
});
