// The simulated debtors: one headless Chromium whose pages each run one debtor, registered
// as its number and behaving as lab/numbers.ts says. Each debtor plays its own WAV through
// WebAudio, so all of them fit in one browser process.
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { greetingWithBeep, silence, voiceWithTone } from './audio';
import { liveAnswer } from './live-answer';
import { launchChromium, machineAddresses, openPhonePage } from './browser';
import type { Behaviour } from './debtor/protocol';
import type { SipAccount } from './kamailio-config';
import type { DebtorSpec } from './numbers';
import { startPageServer, type PageServer } from './page-server';
import { Phone } from './phone';

function pageBehaviour(spec: DebtorSpec): Behaviour {
  if (spec.behaviour === 'not-in-service') throw new Error(`${spec.number} has no endpoint`);
  return spec.behaviour === 'live' ? 'answer' : spec.behaviour;
}

export class Debtor extends Phone {
  constructor(readonly spec: DebtorSpec, uri: string, page: Phone['page']) {
    super(spec.number, uri, page);
  }

  /** Calls an agent (a callback or an inbound call): `agent` is a user like "agent1" or a
   *  SIP URI. Resolves with the call's id. */
  callAgent(agent: string): Promise<string> {
    return this.call(agent);
  }
}

export interface DebtorsOptions {
  dir: string;
  domain: string;
  specs: DebtorSpec[];
  log: ((line: string) => void) | null;
}

export interface Debtors {
  all: Map<string, Debtor>;
  /** The SIP accounts the proxy must accept for them. */
  accounts: SipAccount[];
  /** Opens the browser and registers every debtor with the proxy at `wsUrl`. */
  start(wsUrl: string): Promise<void>;
  /** Resolves once every debtor is registered, by a REGISTER accepted after `since`. */
  registered(since: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Makes the debtors' sounds and accounts (the proxy needs the accounts before it starts);
 *  start() then opens the browser and registers them. */
export async function prepareDebtors(options: DebtorsOptions): Promise<Debtors> {
  const { dir, specs } = options;
  // Debtors without an endpoint ("not in service") exist only as the proxy's 404.
  const endpoints = specs.filter((s) => s.behaviour !== 'not-in-service');
  const accounts = endpoints.map((s) => ({ user: s.number, password: randomBytes(8).toString('hex') }));

  // One WAV per distinct sound: a debtor's path on the lab origin maps to its file.
  const made = new Map<string, Promise<string>>();
  const audio = new Map<string, string>();
  for (const spec of endpoints) {
    if (!spec.speech || (!spec.toneHz && spec.behaviour !== 'live')) continue;
    const voice = spec.language === 'zh' ? 'cmn' : 'en-us';
    const name = `${spec.behaviour}-${spec.language}-${spec.toneHz ?? 'none'}`;
    if (!made.has(name)) {
      made.set(name, spec.behaviour === 'live'
        ? liveAnswer(dir, name, spec.speech, voice, { again: spec.speech })
        : spec.behaviour === 'voicemail'
          ? greetingWithBeep(dir, name, spec.speech, voice, spec.toneHz!)
          : voiceWithTone(dir, name, spec.speech, voice, spec.toneHz!));
    }
    audio.set(`/audio/${spec.number}.wav`, await made.get(name)!);
  }
  const microphone = await silence(dir, 'debtor-microphone');

  const all = new Map<string, Debtor>();
  let browser: Browser | null = null;
  let server: PageServer | null = null;

  return {
    all,
    accounts,
    async start(wsUrl) {
      if (endpoints.length === 0) return;
      server = await startPageServer();
      for (const [path, file] of audio) server.addAudio(path, file);
      const { origin } = server;
      browser = await launchChromium(microphone);
      const context = await browser.newContext();
      const addresses = machineAddresses();
      await Promise.all(endpoints.map(async (spec, i) => {
        const path = `/audio/${spec.number}.wav`;
        const page = await openPhonePage(context, origin, {
          wsUrl, domain: options.domain, user: spec.number, password: accounts[i]!.password,
          displayName: `Lab debtor ${spec.number}`, behaviour: pageBehaviour(spec),
          ringMs: spec.ringMs, autoAnswer: false,
          audioUrl: audio.has(path) ? `${origin}${path}` : null,
          audioLoop: spec.behaviour === 'answer', expires: 600, machineAddresses: addresses,
        }, options.log);
        const debtor = new Debtor(spec, `sip:${spec.number}@${options.domain}`, page);
        all.set(spec.number, debtor);
        await page.evaluate(() => window.labPhone.start());
        await debtor.waitForRegistered();
      }));
    },
    async registered(since, timeoutMs = 15_000) {
      await Promise.all([...all.values()].map((d) => d.waitForRegistered({ since, timeoutMs })));
    },
    async stop() {
      await Promise.all([...all.values()].map((d) => d.stopEndpoint()));
      await browser?.close();
      await server?.close();
      browser = null;
      server = null;
    },
  };
}
