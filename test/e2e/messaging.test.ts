// Texts and emails from the account screen, end to end: the browser shell's console signed in as a
// collector, the central server in this process with the simulated SMSC (SMPP) and mail relay
// (SMTP) of lab/messaging on loopback and its own inbox for bounces and replies, all on one
// training clock (21:00 in Beijing). The agent picks a template, reads the filled-in words and the
// gate's answer, sends; the delivery receipt reaches the screen and the timeline; the message is an
// event in the central log; a 退订 reply shows as an opt-out hold and refuses the next text; at
// 22:30 in Beijing the gate says quiet hours and when they end, in English and in Chinese.
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailSink } from '../../lab/messaging/mail-sink';
import { Smsc } from '../../lab/messaging/smsc';
import { type RunningServer, startServer } from '../../server/app';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { PullResponse } from '../../shared/sync/protocol';
import { call, login } from '../server/helpers';
import { launchBrowser, type RunningConsole, screenshot, signIn, startConsole, tempDataDir } from './harness';

/** Monday 21:00 in Beijing: inside China's contact hours (08:00–22:00) for another hour. */
const BASE = '2026-12-07T13:00:00Z';
const DOMAIN = 'mail.fairline.test';
const TEMPLATES = {
  templates: [
    {
      id: 'cn-sms-early', version: 1, channel: 'sms', locale: 'zh-CN', pack: 'cn', stage: 'early', audience: 'debtor', title: '逾期提醒短信',
      body: '{{debtorName}}您好，您在{{lender}}的借款应还{{amountDue}}，请通过{{paymentChannel}}还款。【{{institution}}】{{optOutNotice}}',
    },
    {
      id: 'cn-sms-late', version: 1, channel: 'sms', locale: 'zh-CN', pack: 'cn', stage: 'late', audience: 'debtor', title: '逾期催收通知短信',
      body: '{{debtorName}}您好，您的借款已逾期{{daysPastDue}}天，应还{{amountDue}}。请尽快联系{{callbackNumber}}。【{{institution}}】{{optOutNotice}}',
    },
    {
      id: 'cn-sms-contact', version: 1, channel: 'sms', locale: 'zh-CN', pack: 'cn', stage: 'early', audience: 'third_party', title: '请转告回电',
      body: '您好，我们是{{institution}}，想联系{{debtorName}}，请转告其回电{{callbackNumber}}。',
    },
    {
      id: 'cn-email-early', version: 1, channel: 'email', locale: 'zh-CN', pack: 'cn', stage: 'early', audience: 'debtor', title: '逾期提醒邮件',
      subject: '{{institution}}：还款提醒', body: '{{debtorName}}您好：\n您的借款应还{{amountDue}}，请通过{{paymentChannel}}还款。\n{{optOutNotice}}',
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

const dataDir = tempDataDir();
const smsc = new Smsc({ systemId: 'fairline', password: 'smpp-secret', receiptDelayMs: 300 });
const sink = new MailSink();
let inboxPort = 0;
let server: RunningServer;
let app: RunningConsole;
let browser: Browser;
let page: Page;
let account: AccountBundle;
let shiftMs = 0;
const started = Date.now();
const now = () => new Date(Date.parse(BASE) + (Date.now() - started) + shiftMs);

beforeAll(async () => {
  const smppUrl = await smsc.start();
  const sinkPort = await sink.start();
  inboxPort = await freePort();
  server = await startServer({
    databaseFile: join(dataDir, 'central.db'), seedDemo: true, logger: false, now,
    messaging: {
      smpp: { url: smppUrl, systemId: 'fairline', password: 'smpp-secret', sourceAddr: 'Fairline' },
      smtp: { host: '127.0.0.1', port: sinkPort, from: 'Fairline <notices@mail.fairline.test>', returnDomain: DOMAIN },
      inbox: { host: '127.0.0.1', port: inboxPort, domain: DOMAIN },
    },
  });
  const admin = await login(server.url, 'admin');
  expect((await call(server.url, '/api/messages/templates', { token: admin.token, body: TEMPLATES })).status).toBe(200);
  // The collector's accounts as the server sends them: a Chinese one with a mobile, a third party's phone, no hold and money owed.
  const collector = await login(server.url, 'collector1', 'e2e-lookup');
  const pulled = PullResponse.parse((await call(server.url, '/api/sync/pull?cursor=0&limit=200', { token: collector.token })).body).accounts;
  const partyKind = (b: AccountBundle, partyId: string) => b.parties.find((p) => p.id === partyId)?.kind;
  account = pulled.find((b) => b.account.region === 'CN' && b.holds.length === 0 && b.debts.some((d) => d.balanceMinor > 0)
    && b.phones.some((p) => p.type === 'mobile' && partyKind(b, p.partyId) === 'debtor') && b.phones.some((p) => partyKind(b, p.partyId) === 'third_party'))!;
  expect(account).toBeTruthy();
  const debtor = account.parties.find((p) => p.kind === 'debtor')!;
  expect((await call(server.url, '/api/messages/emails', { token: admin.token, body: { accountId: account.account.id, partyId: debtor.id, address: 'wang.debtor@example.test' } })).status).toBe(200);

  browser = await launchBrowser();
  app = await startConsole({ FAIRLINE_DATA_DIR: dataDir, FAIRLINE_SERVER_URL: server.url, FAIRLINE_CLOCK: BASE, TZ: 'UTC' });
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, timezoneId: 'UTC' });
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
  await server?.close();
  await smsc.stop();
  await sink.stop();
});

const debtorMobile = () => account.phones.find((p) => p.type === 'mobile' && account.parties.find((q) => q.id === p.partyId)?.kind === 'debtor')!;

describe('texts and emails from the account screen', () => {
  it('previews a text with the account’s values and the gate’s answer before anything is sent', async () => {
    await page.goto(app.url);
    await page.getByTestId('lang-switch').selectOption('en');
    await signIn(page, 'collector1');
    await page.getByTestId('queue-row').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('queue-search').fill(account.account.debtorName);
    await page.locator(`[data-testid="queue-row"][data-debtor-name="${account.account.debtorName}"]`).first().click();
    const panel = page.getByTestId('messages-panel');
    await panel.waitFor();
    await page.getByTestId('message-to').selectOption(debtorMobile().id);
    await page.getByTestId('message-template').selectOption('cn-sms-early');
    await expect.poll(() => page.getByTestId('message-preview-body').textContent(), { timeout: 15_000 }).toContain(account.account.debtorName);
    const body = (await page.getByTestId('message-preview-body').textContent())!;
    expect(body).toContain('回复“退订”不再接收短信。');
    expect(body).not.toMatch(/\{\{|\[/); // every variable filled
    await expect.poll(() => page.getByTestId('message-gate').getAttribute('data-decision')).toBe('allow');
    expect(await page.getByTestId('message-gate').textContent()).toContain('Can be sent now');
    expect(smsc.submitted).toHaveLength(0);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'messages-01-preview-en');
  });

  it('sends the text over SMPP and shows its delivery receipt on the message and in the timeline', async () => {
    const shown = (await page.getByTestId('message-preview-body').textContent())!;
    await page.getByTestId('message-send').click();
    await expect.poll(() => smsc.submitted.length, { timeout: 15_000 }).toBe(1);
    expect(smsc.submitted[0]!.text).toBe(shown);
    expect(smsc.submitted[0]!.to).toBe(debtorMobile().number.replace('+', ''));
    const item = page.getByTestId('message-item').first();
    await expect.poll(() => item.getAttribute('data-status'), { timeout: 20_000 }).toBe('delivered');
    expect(await item.textContent()).toContain('Delivered');
    await expect.poll(() => page.getByTestId('account-timeline').textContent(), { timeout: 15_000 }).toMatch(/Text message\s*delivered/);
    await page.getByTestId('messages-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'messages-02-delivered-en');
  });

  it('logs the text as an event that syncs to the central log like a call', async () => {
    const central = new Database(join(dataDir, 'central.db'), { readonly: true, fileMustExist: true });
    try {
      await expect.poll(() => central.prepare("SELECT count(*) AS n FROM events WHERE account_id = ? AND type = 'message.sent'").get(account.account.id) as { n: number },
        { timeout: 30_000, interval: 500 }).toEqual({ n: 1 });
      const row = central.prepare("SELECT body FROM events WHERE account_id = ? AND type = 'message.sent'").get(account.account.id) as { body: string };
      expect(JSON.parse(row.body)).toMatchObject({ channel: 'sms', phoneId: debtorMobile().id, templateId: 'cn-sms-early', decision: 'allow', packId: 'cn' });
    } finally {
      central.close();
    }
  });

  it('sends an email over SMTP and shows it bounced when the delivery status notification comes back', async () => {
    await page.getByTestId('message-channel-email').click();
    await expect.poll(() => page.getByTestId('message-preview').textContent(), { timeout: 15_000 }).toContain('还款提醒');
    await expect.poll(() => page.getByTestId('message-gate').getAttribute('data-decision')).toBe('allow');
    await page.getByTestId('message-send').click();
    await expect.poll(() => sink.mails.length, { timeout: 15_000 }).toBe(1);
    expect(sink.mails[0]!.to).toEqual(['wang.debtor@example.test']);
    const email = page.locator('[data-testid="message-item"][data-channel="email"]').first();
    await expect.poll(() => email.getAttribute('data-status'), { timeout: 15_000 }).toBe('submitted');
    await sink.bounceLater(sink.mails[0]!, inboxPort);
    await expect.poll(() => email.getAttribute('data-status'), { timeout: 20_000 }).toBe('bounced');
    await expect.poll(() => page.getByTestId('account-timeline').textContent(), { timeout: 15_000 }).toMatch(/Email\s*bounced/);
  });

  it('takes a 退订 reply as an opt-out: a hold on the account, and the next text refused with the rule', async () => {
    smsc.reply(debtorMobile().number, '退订');
    // The panel's banner until the opt-out hold is pulled, the header's hold after: one of them, never both.
    const optOutShown = page.locator('[data-testid="message-opt-out"][data-channel="sms"], [data-testid="hold-banner"][data-kind="sms_opt_out"]');
    await expect.poll(() => optOutShown.count(), { timeout: 20_000 }).toBe(1);
    expect(await optOutShown.textContent()).toMatch(/Opted out.*no more text messages to|No texts \(opted out\)/);
    await page.getByTestId('message-channel-sms').click();
    await page.getByTestId('message-to').selectOption(debtorMobile().id);
    await expect.poll(() => page.getByTestId('message-gate').getAttribute('data-decision'), { timeout: 15_000 }).toBe('block');
    expect(await page.locator('[data-testid="message-gate"] [data-rule="msg.opt_out"]').textContent()).toMatch(/opted out of text messages/);
    expect(await page.getByTestId('message-send').isDisabled()).toBe(true);
    await expect.poll(() => page.getByTestId('account-timeline').textContent(), { timeout: 15_000 }).toMatch(/Opted out/);
    await page.getByTestId('messages-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'messages-03-opted-out-en');
  });

  it('turns the reply into a complaint: the form opens with its text, the source is the message, and it is recorded', async () => {
    await page.getByTestId('message-reply-complaint').first().click();
    await page.getByTestId('complaint-form').waitFor();
    expect(await page.getByTestId('complaint-source').inputValue()).toBe('message');
    expect(await page.getByTestId('complaint-description').inputValue()).toMatch(/Reply from .*“退订”/);
    await page.getByTestId('complaints-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'messages-03b-complaint-from-reply-en');
    await page.getByTestId('complaint-category').selectOption('other');
    await page.getByTestId('complaint-hold').selectOption('none');
    await page.getByTestId('complaint-submit').click();
    await expect.poll(() => page.locator('[data-testid="complaints-panel"] [data-testid="complaint"]').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('complaint-form').count()).toBe(0);
  });

  it('at 22:30 in Beijing says quiet hours and when they end, in English and in Chinese, and sends nothing', async () => {
    shiftMs = 90 * 60_000;
    const before = sink.mails.length;
    await page.getByTestId('message-channel-email').click();
    await expect.poll(() => page.getByTestId('message-gate').getAttribute('data-decision'), { timeout: 15_000 }).toBe('block');
    const gate = page.getByTestId('message-gate');
    expect(await gate.locator('[data-rule="cn.quiet_hours"]').textContent()).toMatch(/Quiet hours: collection contact is allowed only 08:00–22:00 Beijing time/);
    expect(await gate.textContent()).toMatch(/Cannot be sent before Dec 8, 2026, 08:00 GMT\+8|Cannot be sent before Dec 8, 08:00/);
    expect(await page.getByTestId('message-send').isDisabled()).toBe(true);
    await page.getByTestId('messages-panel').scrollIntoViewIfNeeded();
    await screenshot(page, 'messages-04-quiet-hours-en');
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    await expect.poll(() => gate.textContent()).toMatch(/休息时段：催收联系仅限北京时间 08:00–22:00/);
    // Once the opt-out hold is pulled (reopening the account reads it), the header says it and the panel's own banner is gone.
    await expect.poll(async () => {
      await page.getByTestId('account-back').click();
      await page.getByTestId('queue-search').fill(account.account.debtorName);
      await page.locator(`[data-testid="queue-row"][data-debtor-name="${account.account.debtorName}"]`).first().click();
      await page.getByTestId('messages-panel').waitFor();
      return page.locator('[data-testid="hold-banner"][data-kind="sms_opt_out"]').count();
    }, { timeout: 75_000, interval: 3_000 }).toBe(1);
    expect(await page.locator('[data-testid="hold-banner"][data-kind="sms_opt_out"]').textContent()).toMatch(/已退订短信/);
    expect(await page.getByTestId('message-opt-out').count()).toBe(0);
    await page.getByTestId('message-channel-email').click();
    await expect.poll(() => gate.textContent(), { timeout: 15_000 }).toMatch(/休息时段：催收联系仅限北京时间 08:00–22:00/);
    expect(await page.getByTestId('messages-panel').textContent()).toMatch(/现在不能发送|之前不能发送/);
    await screenshot(page, 'messages-05-quiet-hours-zh');
    await page.getByTestId('account-back').scrollIntoViewIfNeeded();
    await screenshot(page, 'messages-06-opt-out-hold-zh');
    expect(sink.mails.length).toBe(before);
    await page.getByTestId('lang-switch').selectOption('en');
  }, 120_000);
});
