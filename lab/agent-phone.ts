// The "agent test phone": a bare sip.js page registered as an agent account, with nothing
// of the console around it. Tests use it as the far end of the console or as the baseline
// the console is compared with (the bench). It runs in a browser of its own because its
// microphone is Chromium's fake device playing its own tone.
import type { Browser } from 'playwright-core';
import { tone } from './audio';
import { launchChromium, machineAddresses, openPhonePage } from './browser';
import { TONES } from './numbers';
import { type PageServer, startPageServer } from './page-server';
import { makeLabDir, removeLabDir } from './temp-dirs';
import { Phone } from './phone';

export interface AgentPhoneOptions {
  wsUrl: string;
  domain: string;
  user: string;
  password: string;
  displayName?: string;
  /** The tone its microphone sends (default 440 Hz). */
  toneHz?: number;
  /** Answer incoming calls by itself (default: ring until answer()). */
  autoAnswer?: boolean;
  /** Registration expiry in seconds (default 600). */
  expires?: number;
  /** Wait for the registration (default true). */
  register?: boolean;
  /** false: no --allow-loopback-in-peer-connection, like a developer's own browser, so its
   *  media uses this machine's interface address (default true). */
  allowLoopback?: boolean;
  /** Page and sip.js log lines (default: none). */
  log?: (line: string) => void;
}

export class AgentPhone extends Phone {
  stopped = false;

  constructor(user: string, uri: string, page: Phone['page'], readonly toneHz: number, private readonly close: () => Promise<void>) {
    super(user, uri, page);
  }

  /** Unregisters, closes its browser and removes its files. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.stopEndpoint();
    await this.close();
  }
}

export async function startAgentPhone(options: AgentPhoneOptions): Promise<AgentPhone> {
  const toneHz = options.toneHz ?? TONES.agent;
  const dir = makeLabDir('agent-');
  let browser: Browser | null = null;
  let server: PageServer | null = null;
  const close = async () => {
    try {
      await browser?.close();
      await server?.close();
    } finally {
      removeLabDir(dir);
    }
  };
  try {
    server = await startPageServer();
    browser = await launchChromium(await tone(dir, 'agent-microphone', toneHz), options.allowLoopback ?? true);
    const context = await browser.newContext();
    const page = await openPhonePage(context, server.origin, {
      wsUrl: options.wsUrl, domain: options.domain, user: options.user, password: options.password,
      displayName: options.displayName ?? `Lab ${options.user}`, behaviour: 'manual', ringMs: 0,
      autoAnswer: options.autoAnswer ?? false, audioUrl: null, audioLoop: true, expires: options.expires ?? 600,
      machineAddresses: machineAddresses(),
    }, options.log ?? null);
    const phone = new AgentPhone(options.user, `sip:${options.user}@${options.domain}`, page, toneHz, close);
    await page.evaluate(() => window.labPhone.start());
    if (options.register !== false) await phone.waitForRegistered();
    return phone;
  } catch (error) {
    await close();
    throw error;
  }
}
