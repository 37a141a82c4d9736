// Texts and emails end to end on both stores, over real HTTP, real SMPP and real SMTP on loopback
// (docs/messaging.md): the simulated SMSC and mail relay of lab/messaging, the server's own inbox
// for bounces and replies. Sent, delivered, failed, bounced, refused by the gate with its reason,
// STOP and 退订 opting the channel out at once, retries sending once, other agents' accounts refused.
import { createServer } from 'node:net';
import { v4 as uuidv4 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { MessageList, MessageRecord, Preview, type MessageStatus } from '../../shared/messaging/protocol';
import { CompliancePage, PullResponse } from '../../shared/sync/protocol';
import { MailSink } from '../../lab/messaging/mail-sink';
import { Smsc } from '../../lab/messaging/smsc';
import { type ErrorBody, type TestServer, call, describeEachStore, loginAll, startTestServer } from './helpers';

const DOMAIN = 'mail.fairline.test';
/** 10:00 in Beijing, 15:00 in New York, 12:00 in Los Angeles: inside every window. */
const DAYTIME = new Date('2026-12-07T02:00:00Z');
const US_DAYTIME = new Date('2026-12-07T20:00:00Z');
/** 23:00 in Beijing. */
const BEIJING_NIGHT = new Date('2026-12-07T15:00:00Z');

const TEMPLATES = {
  templates: [
    {
      id: 'cn-sms-early', version: 1, channel: 'sms', locale: 'zh-CN', pack: 'cn', stage: 'early', audience: 'debtor', title: '逾期提醒短信',
      body: '{{debtorName}}您好，您在{{lender}}的借款应还{{amountDue}}，请通过{{paymentChannel}}还款。【{{institution}}】{{optOutNotice}}',
    },
    {
      id: 'cn-sms-contact', version: 1, channel: 'sms', locale: 'zh-CN', pack: 'cn', stage: 'early', audience: 'third_party', title: '请转告回电',
      body: '您好，我们是{{institution}}，想联系{{debtorName}}，请转告其回电{{callbackNumber}}。',
    },
    {
      id: 'cn-email-early', version: 1, channel: 'email', locale: 'zh-CN', pack: 'cn', stage: 'early', audience: 'debtor', title: '逾期提醒邮件',
      subject: '{{institution}}：还款提醒', body: '{{debtorName}}您好：\n您的借款应还{{amountDue}}。\n{{optOutNotice}}',
    },
    {
      id: 'us-sms-early', version: 1, channel: 'sms', locale: 'en', pack: 'us-regf', stage: 'early', audience: 'debtor', title: 'Early reminder',
      body: 'Hi {{debtorName}}, this is {{institution}}, a debt collector. Please call {{callbackNumber}}. {{optOutNotice}}',
    },
  ],
};

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describeEachStore('messaging over SMPP and SMTP', (kind) => {
  let server: TestServer;
  let inboxPort = 0;
  let clock = DAYTIME;
  const smsc = new Smsc({ systemId: 'fairline', password: 'secret-pw', receiptDelayMs: 10 });
  const sink = new MailSink();
  let tokens: Record<'collector1' | 'collector2' | 'admin', string>;
  let cnAccount: AccountBundle;
  let usAccount: AccountBundle;

  const debtorPhones = (b: AccountBundle) => b.phones.filter((p) => b.parties.find((q) => q.id === p.partyId)?.kind !== 'third_party');
  const send = (token: string, body: Record<string, unknown>) => call<MessageRecord | ErrorBody>(server.url, '/api/messages/send', { token, body: { requestId: uuidv4(), ...body } });
  const list = async (accountId: string, token = tokens.collector1) => MessageList.parse((await call(server.url, `/api/messages?accountId=${accountId}`, { token })).body);
  async function until<T>(what: string, get: () => Promise<T | undefined>): Promise<T> {
    for (let i = 0; i < 200; i++) {
      const v = await get();
      if (v !== undefined) return v;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  }
  const statusOf = (accountId: string, id: string, want: MessageStatus) =>
    until(`${id} ${want}`, async () => (await list(accountId)).messages.find((m) => m.id === id && m.status === want));

  beforeAll(async () => {
    const smppUrl = await smsc.start();
    const sinkPort = await sink.start();
    inboxPort = await freePort();
    server = await startTestServer({
      seedDemo: true, now: () => clock, tokenTtlMs: 7 * 24 * 3_600_000,
      messaging: {
        smpp: { url: smppUrl, systemId: 'fairline', password: 'secret-pw', sourceAddr: 'Fairline' },
        smtp: { host: '127.0.0.1', port: sinkPort, from: 'Fairline <notices@mail.fairline.test>', returnDomain: DOMAIN },
        inbox: { host: '127.0.0.1', port: inboxPort, domain: DOMAIN },
      },
    }, kind);
    ({ tokens } = await loginAll(server.url, ['collector1', 'collector2', 'admin'] as const));
    const pull = async (token: string) => PullResponse.parse((await call(server.url, '/api/sync/pull?cursor=0&limit=200', { token })).body).accounts;
    const withThirdPartyPhone = (b: AccountBundle) => b.phones.some((p) => b.parties.find((q) => q.id === p.partyId)?.kind === 'third_party');
    cnAccount = (await pull(tokens.collector1)).find((b) => debtorPhones(b).length > 0 && withThirdPartyPhone(b) && b.holds.length === 0 && b.debts.some((d) => d.balanceMinor > 0))!;
    usAccount = (await pull(tokens.collector2)).find((b) => debtorPhones(b).length > 0 && b.holds.length === 0 && b.account.province !== 'MA')!;
    expect(cnAccount && usAccount).toBeTruthy();
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await smsc.stop();
    await sink.stop();
  });

  describe('templates', () => {
    it('refuses a file with a bad template, naming the template and the variable, and imports a good one', async () => {
      const bad = { templates: [{ ...TEMPLATES.templates[0], body: '{{debtorName}}，请还{{amountOwed}}。{{optOutNotice}}' }, { ...TEMPLATES.templates[3], id: 'us-no-notice', body: 'Call {{callbackNumber}}.' }] };
      const refused = await call<ErrorBody>(server.url, '/api/messages/templates', { token: tokens.admin, body: bad });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toContain('Template cn-sms-early@1, body: unknown variable {{amountOwed}}');
      expect(refused.body.error.message).toContain('Template us-no-notice@1, body');
      expect(refused.body.error.issues!.map((i) => i.path)).toEqual(expect.arrayContaining(['cn-sms-early@1.body.amountOwed', 'us-no-notice@1.body.optOutNotice']));
      expect((await call(server.url, '/api/messages/templates', { token: tokens.collector1, body: TEMPLATES })).status).toBe(403);
      const ok = await call<{ added: string[] }>(server.url, '/api/messages/templates', { token: tokens.admin, body: TEMPLATES });
      expect(ok.status).toBe(200);
      expect(ok.body.added).toHaveLength(4);
    });
  });

  describe('texts over SMPP', () => {
    it('previews with the gate’s answer, sends once per request id, and records the delivery receipt', async () => {
      clock = DAYTIME;
      const phone = debtorPhones(cnAccount)[0]!;
      const draft = { accountId: cnAccount.account.id, to: { channel: 'sms', phoneId: phone.id }, templateId: 'cn-sms-early' };
      const preview = Preview.parse((await call(server.url, '/api/messages/preview', { token: tokens.collector1, body: draft })).body);
      expect(preview.decision.decision).toBe('allow');
      expect(preview.body).toContain(cnAccount.account.debtorName);
      expect(preview.body).toContain('回复“退订”不再接收短信。');
      expect(smsc.submitted).toHaveLength(0);

      const requestId = uuidv4();
      const first = await call<MessageRecord>(server.url, '/api/messages/send', { token: tokens.collector1, body: { ...draft, requestId } });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body.status).toBe('submitted');
      const again = await call<MessageRecord>(server.url, '/api/messages/send', { token: tokens.collector1, body: { ...draft, requestId } });
      expect(again.body.id).toBe(first.body.id);
      expect(smsc.submitted).toHaveLength(1);
      const sent = smsc.submitted[0]!;
      expect(sent.to).toBe(phone.number.replace('+', ''));
      expect(sent.text).toBe(preview.body);
      expect(sent.dataCoding).toBe(8); // UCS2 for Chinese
      expect(first.body.providerId).toBe(sent.messageId);

      const delivered = await statusOf(cnAccount.account.id, first.body.id, 'delivered');
      expect(delivered.events.map((e) => e.kind)).toEqual(['requested', 'submitted', 'delivered']);
      expect(delivered.events[2]!.detail).toMatchObject({ state: 'DELIVRD' });
    });

    it('records a text the network could not deliver, and one the SMSC refused, as failed', async () => {
      clock = DAYTIME;
      const [a, b] = [debtorPhones(cnAccount)[0]!, debtorPhones(cnAccount)[1] ?? debtorPhones(cnAccount)[0]!];
      smsc.undeliverable.add(a.number.replace(/\D/g, ''));
      const undelivered = (await send(tokens.collector1, { accountId: cnAccount.account.id, to: { channel: 'sms', phoneId: a.id }, templateId: 'cn-sms-early' })).body as MessageRecord;
      const failed = await statusOf(cnAccount.account.id, undelivered.id, 'failed');
      expect(failed.events.at(-1)!.detail).toMatchObject({ state: 'UNDELIV' });
      smsc.undeliverable.clear();

      smsc.invalid.add(b.number.replace(/\D/g, ''));
      const refused = (await send(tokens.collector1, { accountId: cnAccount.account.id, to: { channel: 'sms', phoneId: b.id }, templateId: 'cn-sms-early' })).body as MessageRecord;
      expect(refused.status).toBe('failed');
      expect(String(refused.events.at(-1)!.detail.error)).toContain('0x0000000b');
      smsc.invalid.clear();
    });

    it('refuses a text during China’s quiet hours, says which rule and when it is allowed, and sends nothing', async () => {
      clock = BEIJING_NIGHT;
      const before = smsc.submitted.length;
      const reply = await send(tokens.collector1, { accountId: cnAccount.account.id, to: { channel: 'sms', phoneId: debtorPhones(cnAccount)[0]!.id }, templateId: 'cn-sms-early' });
      const m = MessageRecord.parse(reply.body);
      expect(m.status).toBe('refused');
      expect(m.decision.reasons.map((r) => r.rule)).toContain('cn.quiet_hours');
      expect(m.decision.allowedFrom).toBe('2026-12-08T00:00:00.000Z'); // 08:00 in Beijing
      expect(m.events.map((e) => e.kind)).toEqual(['requested', 'refused']);
      expect(smsc.submitted.length).toBe(before);
      clock = DAYTIME;
    });

    it('refuses a text to a third party while the debtor is reachable, and never names the debt to one', async () => {
      clock = DAYTIME;
      const third = cnAccount.phones.find((p) => cnAccount.parties.find((q) => q.id === p.partyId)?.kind === 'third_party')!;
      const contact = MessageRecord.parse((await send(tokens.collector1, { accountId: cnAccount.account.id, to: { channel: 'sms', phoneId: third.id }, templateId: 'cn-sms-contact', purpose: 'reestablish_contact' })).body);
      expect(contact.status).toBe('refused');
      expect(contact.decision.reasons.map((r) => r.rule)).toContain('cn.third_party.debtor_reachable');
      const debt = MessageRecord.parse((await send(tokens.collector1, { accountId: cnAccount.account.id, to: { channel: 'sms', phoneId: third.id }, templateId: 'cn-sms-early', purpose: 'reestablish_contact' })).body);
      expect(debt.decision.reasons.map((r) => r.rule)).toEqual(expect.arrayContaining(['msg.third_party_content', 'msg.template_mismatch']));
    });

    it('takes STOP or 退订 from the phone as an opt-out of texts at once: the next text is refused', async () => {
      clock = DAYTIME;
      const phone = debtorPhones(cnAccount)[0]!;
      smsc.reply(phone.number, '退订');
      const optedOut = await until('opt-out', async () => (await list(cnAccount.account.id)).optOuts.find((o) => o.channel === 'sms'));
      expect(optedOut).toMatchObject({ address: phone.number, via: 'reply' });
      const next = MessageRecord.parse((await send(tokens.collector1, { accountId: cnAccount.account.id, to: { channel: 'sms', phoneId: phone.id }, templateId: 'cn-sms-early' })).body);
      expect(next.status).toBe('refused');
      const reason = next.decision.reasons.find((r) => r.rule === 'msg.opt_out')!;
      expect(reason.params).toMatchObject({ channel: 'sms', address: phone.number });
      expect(reason.source).toContain('个人信息保护法');

      // A real hold on that phone, in the compliance bucket every console pulls; once, however often STOP comes.
      smsc.reply(phone.number, 'STOP');
      await until('second reply', async () => ((await list(cnAccount.account.id)).loose.filter((e) => e.kind === 'reply').length >= 2 ? true : undefined));
      const page = CompliancePage.parse((await call(server.url, '/api/sync/pull/compliance?cursor=0&limit=1000', { token: tokens.collector1 })).body);
      const holds = page.holds.find((h) => h.accountId === cnAccount.account.id)!.holds.filter((h) => h.kind === 'sms_opt_out');
      expect(holds).toEqual([expect.objectContaining({ phoneId: phone.id, partyId: phone.partyId, note: phone.number, liftedAt: null })]);
      // Calls are not affected: the console's call gate has no policy for it.
      expect(page.holds.find((h) => h.accountId === cnAccount.account.id)!.holds.some((h) => h.kind === 'do_not_call')).toBe(false);
    });

    it('refuses a US text at 21:30 in New York (the time at every place the debtor may be)', async () => {
      clock = new Date('2026-12-08T02:30:00Z');
      const m = MessageRecord.parse((await send(tokens.collector2, { accountId: usAccount.account.id, to: { channel: 'sms', phoneId: debtorPhones(usAccount)[0]!.id }, templateId: 'us-sms-early' })).body);
      expect(m.status).toBe('refused');
      expect(m.decision.reasons.map((r) => r.rule)).toContain('us.time_of_day');
      clock = US_DAYTIME;
      const ok = MessageRecord.parse((await send(tokens.collector2, { accountId: usAccount.account.id, to: { channel: 'sms', phoneId: debtorPhones(usAccount)[0]!.id }, templateId: 'us-sms-early' })).body);
      expect(ok.status).toBe('submitted');
      expect(ok.body).toMatch(/Reply STOP to opt out of texts\.$/);
    });

    it('refuses an account that is not the agent’s', async () => {
      const reply = await send(tokens.collector2, { accountId: cnAccount.account.id, to: { channel: 'sms', phoneId: debtorPhones(cnAccount)[0]!.id }, templateId: 'cn-sms-early' });
      expect(reply.status).toBe(403);
      expect((await call(server.url, `/api/messages?accountId=${cnAccount.account.id}`, { token: tokens.collector2 })).status).toBe(403);
    });
  });

  describe('emails over SMTP', () => {
    let emailId = '';
    let refusedId = '';

    beforeAll(async () => {
      const debtor = cnAccount.parties.find((p) => p.kind === 'debtor')!;
      const add = (address: string) => call<{ id: string }>(server.url, '/api/messages/emails', { token: tokens.admin, body: { accountId: cnAccount.account.id, partyId: debtor.id, address } });
      emailId = (await add('debtor@example.test')).body.id;
      refusedId = (await add('gone@example.test')).body.id;
      expect((await call(server.url, '/api/messages/emails', { token: tokens.collector1, body: { accountId: cnAccount.account.id, partyId: debtor.id, address: 'x@example.test' } })).status).toBe(403);
    });

    it('sends with a return path and reply address naming the message; a later DSN marks it bounced', async () => {
      clock = DAYTIME;
      const m = MessageRecord.parse((await send(tokens.collector1, { accountId: cnAccount.account.id, to: { channel: 'email', emailId }, templateId: 'cn-email-early' })).body);
      expect(m.status).toBe('submitted');
      const mail = sink.mails.find((x) => x.to.includes('debtor@example.test'))!;
      expect(mail.mailFrom).toBe(`bounce+${m.id}@${DOMAIN}`);
      expect(MailSink.header(mail, 'Reply-To')).toBe(`reply+${m.id}@${DOMAIN}`);
      expect(m.subject).toBe('法莱恩资产管理有限公司：还款提醒');
      expect(m.body).toContain('如不希望再收到此类邮件，请直接回复“退订”。');

      const inbox = { port: inboxPort };
      await sink.bounceLater(mail, inbox.port, '5.1.1');
      const bounced = await statusOf(cnAccount.account.id, m.id, 'bounced');
      expect(bounced.events.at(-1)!.detail).toMatchObject({ status: '5.1.1' });
    });

    it('records a recipient the relay refuses with 550 as bounced at once', async () => {
      sink.refuse.add('gone@example.test');
      const m = MessageRecord.parse((await send(tokens.collector1, { accountId: cnAccount.account.id, to: { channel: 'email', emailId: refusedId }, templateId: 'cn-email-early' })).body);
      expect(m.status).toBe('bounced');
      expect(m.events.at(-1)!.detail).toMatchObject({ code: 550 });
    });

    it('logs a reply; a reply saying 退订 opts the address out of emails at once', async () => {
      clock = DAYTIME;
      const inbox = { port: inboxPort };
      const first = MessageRecord.parse((await send(tokens.collector1, { accountId: cnAccount.account.id, to: { channel: 'email', emailId }, templateId: 'cn-email-early' })).body);
      const mail = () => sink.mails.find((x) => MailSink.header(x, 'Reply-To') === `reply+${first.id}@${DOMAIN}`)!;
      await sink.reply(mail(), inbox.port, '好的，下周还。');
      await until('reply', async () => (await list(cnAccount.account.id)).messages.find((m) => m.id === first.id)?.events.find((e) => e.kind === 'reply'));
      expect((await list(cnAccount.account.id)).optOuts.some((o) => o.channel === 'email')).toBe(false); // the quoted notice is not the person's words

      await sink.reply(mail(), inbox.port, '退订');
      await until('email opt-out', async () => (await list(cnAccount.account.id)).optOuts.find((o) => o.channel === 'email'));
      const next = MessageRecord.parse((await send(tokens.collector1, { accountId: cnAccount.account.id, to: { channel: 'email', emailId }, templateId: 'cn-email-early' })).body);
      expect(next.status).toBe('refused');
      expect(next.decision.reasons.map((r) => r.rule)).toContain('msg.opt_out');
      const page = CompliancePage.parse((await call(server.url, '/api/sync/pull/compliance?cursor=0&limit=1000', { token: tokens.collector1 })).body);
      const email = (await list(cnAccount.account.id)).messages.find((m) => m.id === first.id)!.to;
      expect(page.holds.find((h) => h.accountId === cnAccount.account.id)!.holds.filter((h) => h.kind === 'email_opt_out'))
        .toEqual([expect.objectContaining({ phoneId: null, note: email, liftedAt: null })]);
    });
  });
});
