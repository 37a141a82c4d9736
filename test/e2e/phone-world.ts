// One world for a softphone end-to-end test: the call lab (Kamailio and its simulated debtors),
// the central server with lab accounts for collector1, the console (README's start script)
// and Chromium with a 440 Hz microphone, signed in and registered with the lab as agent1.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type Lab, type LabOptions, startLab, TONES } from '../../lab/lab';
import type { AccountBundle } from '../../shared/domain/portfolio';
import { type RunningServer, startServer } from '../../server/app';
import { launchBrowser, type RunningConsole, signIn, startConsole } from './harness';
import { openConsoleStore } from '../support/console-store';

export const CLOCK = '2026-11-24T02:00:00Z'; // 10:00 in Beijing: calls allowed

export interface PhoneWorld {
  lab: Lab;
  server: RunningServer;
  app: RunningConsole;
  browser: Browser;
  page: Page;
  dataDir: string;
  /** The time on the server's and the console's training clock. */
  now(): Date;
  /** Events of one type in the console's log, oldest first. */
  events(type: string): Record<string, unknown>[];
  stop(): Promise<void>;
}

/** collector1's accounts, each with one or more lab numbers: `[ref suffix, name, [phoneId, number][]]`. */
export type LabAccount = readonly [n: number, name: string, phones: readonly (readonly [string, string])[]];

export async function startPhoneWorld(options: { lab?: LabOptions; accounts: readonly LabAccount[]; sip?: Record<string, string> }): Promise<PhoneWorld> {
  const lab = await startLab(options.lab);
  const dataDir = mkdtempSync(join(tmpdir(), 'fairline-e2e-phone-'));
  const offset = Date.parse(CLOCK) - Date.now();
  const server = await startServer({ databaseFile: join(dataDir, 'server.db'), seedDemo: true, logger: false, now: () => new Date(Date.now() + offset) });
  const user = (await server.store.findUserByUsername('collector1'))!;
  const bundles = options.accounts.map(([n, name, phones]): AccountBundle => {
    const id = `acc-lab-${n}`;
    return {
      account: {
        id, ref: `LAB-${String(n).padStart(4, '0')}`, region: 'CN', currency: 'CNY', debtorName: name, address: '上海市浦东新区世纪大道100号', province: '上海市',
        postalCode: '200120', timeZone: 'Asia/Shanghai', assignedTo: user.id, teamId: user.teamId,
      },
      debts: [{ id: `debt-lab-${n}`, accountId: id, lender: '测试银行', product: '信用贷', principalMinor: 500_000, feesMinor: 0, balanceMinor: 500_000, dueDate: '2026-10-01', stage: 'early' }],
      parties: [{ id: `party-lab-${n}`, accountId: id, kind: 'debtor', relation: 'self', name }],
      phones: phones.map(([phone, number]) => ({ id: phone, accountId: id, partyId: `party-lab-${n}`, number, type: 'mobile' as const, consent: 'express' as const, timeZone: null })),
      holds: [],
      history: [],
    };
  });
  await server.store.insertAccounts(bundles, new Date(Date.now() + offset).toISOString());
  const { app, browser, page } = await openLabConsole({ dataDir, serverUrl: server.url, clock: CLOCK, toneSeconds: 300 });
  await page.getByTestId('queue-row').first().waitFor().catch(async (error: unknown) => {
    await page.screenshot({ path: join(dataDir, 'signin-failed.png') });
    throw new Error(`Signed in, but no queue (screenshot ${join(dataDir, 'signin-failed.png')}): ${app.output().slice(-2000)}`, { cause: error });
  });
  const world: PhoneWorld = {
    lab, server, app, browser, page, dataDir,
    now: () => new Date(Date.now() + offset),
    events(type) {
      const db = openConsoleStore(dataDir); // encrypted at rest: opened with collector1's password
      try {
        return (db.prepare('SELECT body FROM events WHERE type = ? ORDER BY seq').all(type) as { body: string }[]).map((r) => JSON.parse(r.body) as Record<string, unknown>);
      } finally {
        db.close();
      }
    },
    async stop() {
      await browser.close().catch(() => undefined);
      await app.stop().catch(() => undefined);
      await server.close().catch(() => undefined);
      await lab.stop().catch(() => undefined);
    },
  };
  await registerWithLab(page, lab, options.sip);
  return world;
}

/**
 * The console (README's start script) on a central server, and Chromium whose microphone is a
 * steady agent tone, signed in as collector1 in English: what every softphone test and bench
 * starts from.
 */
export async function openLabConsole(options: { dataDir: string; serverUrl: string; clock: string; toneSeconds: number }): Promise<{ app: RunningConsole; browser: Browser; page: Page }> {
  const { dataDir } = options;
  const app = await startConsole({ FAIRLINE_DATA_DIR: dataDir, FAIRLINE_SERVER_URL: options.serverUrl, FAIRLINE_CLOCK: options.clock });
  const wav = join(dataDir, 'agent-tone.wav');
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', wav, 'synth', String(options.toneSeconds), 'sine', String(TONES.agent)]);
  const browser = await launchBrowser({ fakeAudio: wav });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(app.url);
  await page.getByTestId('lang-switch').selectOption('en');
  await signIn(page, 'collector1');
  return { app, browser, page };
}

/** Registers the console's softphone with the lab as its first agent (and `extra` SIP fields). */
export async function registerWithLab(page: Page, lab: Lab, extra: Record<string, string> = {}): Promise<void> {
  await saveSip(page, { server: lab.wsUrl, uri: `sip:${lab.agents[0]!.user}@${lab.domain}`, authUser: lab.agents[0]!.user, password: lab.agents[0]!.password, ...extra });
  await page.locator('[data-testid="phone-status"][data-state="registered"]').waitFor({ timeout: 20_000 });
}

/** Fills SIP text fields in Settings (`settings-sip-<key>`) and saves. */
export async function saveSip(page: Page, fields: Record<string, string>): Promise<void> {
  await page.getByTestId('nav-settings').click();
  for (const [key, value] of Object.entries(fields)) await page.getByTestId(`settings-sip-${key}`).fill(value);
  if (await page.getByTestId('settings-save').isDisabled()) return; // saved already as asked
  await page.getByTestId('settings-save').click();
  await page.locator('[data-testid="settings-save"]:disabled').waitFor();
}

export async function openAccount(page: Page, n: number): Promise<void> {
  await page.getByTestId('nav-queue').click();
  await page.getByTestId('queue-search').fill(`LAB-${String(n).padStart(4, '0')}`);
  await page.locator(`[data-testid="queue-row"][data-account-id="acc-lab-${n}"]`).click();
  await page.locator('[data-testid="phone"]').first().waitFor();
}

export async function dial(page: Page, phoneId: string): Promise<void> {
  await page.locator(`[data-testid="phone"][data-phone-id="${phoneId}"] [data-testid="dial-button"]`).click();
  await page.locator('[data-testid="call-bar"], [data-testid="wrapup-panel"]').first().waitFor();
}

export async function saveWrapUp(page: Page, key?: string): Promise<void> {
  await page.getByTestId('wrapup-panel').waitFor();
  if (key) await page.keyboard.press(key);
  await page.getByTestId('wrapup-save').click();
  await expect.poll(() => page.getByTestId('wrapup-panel').count()).toBe(0);
}

export const callState = (page: Page) => page.getByTestId('softphone-controls').getAttribute('data-call-state');

/** Another agent's console on the same server and lab: its own data directory, browser and
 *  microphone tone, signed in as `username` and registered as `agent`. */
export async function startSecondConsole(world: PhoneWorld, options: { username: string; agent: { user: string; password: string }; toneHz: number }): Promise<{ page: Page; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fairline-e2e-phone2-'));
  const app = await startConsole({ FAIRLINE_DATA_DIR: dataDir, FAIRLINE_SERVER_URL: world.server.url, FAIRLINE_CLOCK: CLOCK });
  const wav = join(dataDir, 'agent-tone.wav');
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', wav, 'synth', '300', 'sine', String(options.toneHz)]);
  const browser = await launchBrowser({ fakeAudio: wav });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(app.url);
  await page.getByTestId('lang-switch').selectOption('en');
  await signIn(page, options.username);
  await page.getByTestId('nav-settings').waitFor();
  await saveSip(page, {
    server: world.lab.wsUrl, uri: `sip:${options.agent.user}@${world.lab.domain}`, authUser: options.agent.user, password: options.agent.password,
  });
  await page.locator('[data-testid="phone-status"][data-state="registered"]').waitFor({ timeout: 15_000 });
  return {
    page,
    async stop() {
      await browser.close().catch(() => undefined);
      await app.stop().catch(() => undefined);
    },
  };
}
