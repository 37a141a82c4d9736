// The call lab: Kamailio on loopback, the simulated debtors registered behind it, and agent
// test phones on demand. `npm run lab` (lab/main.ts) runs it for developers; tests import
// startLab. Everything it starts, stop() stops; see docs/lab.md.
import { type AgentPhone, type AgentPhoneOptions, startAgentPhone } from './agent-phone';
import { type Debtor, type Debtors, prepareDebtors } from './debtors';
import type { SipAccount } from './kamailio-config';
import { DEBTORS, type DebtorSpec, debtorSpec, TONES } from './numbers';
import { type ProxyOptions, SipProxy } from './proxy';
import { freeUdpPort, type Rtpengine, startRtpengine } from './rtpengine';
import { checkRequirements } from './requirements';
import { makeLabDir, removeLabDir, sweepStaleLabDirs } from './temp-dirs';

export { type AgentPhone, type AgentPhoneOptions, startAgentPhone } from './agent-phone';
export { Debtor } from './debtors';
export type { CallRecord, DtmfRecord, HeardTone, MediaStats, PhoneState } from './debtor/protocol';
export type { SipAccount } from './kamailio-config';
export { DEBTORS, type DebtorSpec, NUMBERS, TONES } from './numbers';
export { Phone, waitFor } from './phone';
export { missingPackages } from './requirements';

export const DEFAULT_DOMAIN = 'lab.fairline.test';
export const DEFAULT_AGENTS: readonly SipAccount[] = [1, 2, 3, 4].map((n) => ({ user: `agent${n}`, password: `lab-agent${n}` }));

export interface LabOptions {
  /** Port of the SIP WebSocket; 0 or absent: a free one. */
  port?: number;
  /** SIP domain and digest realm (default lab.fairline.test). */
  domain?: string;
  /** Agent accounts the proxy accepts (default agent1..agent4, passwords lab-agent1..4). */
  agents?: SipAccount[];
  /** Numbers of the debtors to start (default: all of lab/numbers.ts). */
  debtors?: string[];
  /** Digest authentication of REGISTER and INVITE (default true). */
  auth?: boolean;
  /** Echo Kamailio's log (info level) and the pages' sip.js logs to stderr (default: LAB_DEBUG). */
  debug?: boolean;
  /** Plain SIP peers (baresip, SIPp, desk phones) over UDP beside the WebSocket clients: Kamailio
   *  listens on UDP too and rtpengine bridges their RTP with WebRTC. `accounts` may register
   *  (baresip); `statics` are routed by number to a fixed address (SIPp). */
  plain?: { accounts?: SipAccount[]; statics?: { user: string; address: string }[] };
}

export interface Lab {
  /** e.g. ws://127.0.0.1:40123: the console's "SIP WebSocket URL". */
  readonly wsUrl: string;
  readonly port: number;
  readonly domain: string;
  readonly agents: readonly SipAccount[];
  /** The debtors this lab runs, including those that are only the proxy's 404. */
  readonly debtors: readonly DebtorSpec[];
  /** The running debtor with this number (throws for unknown or not-in-service numbers). */
  debtor(number: string): Debtor;
  /** A bare sip.js page registered as an agent (default the first free of `agents`). */
  agentPhone(options?: Partial<Omit<AgentPhoneOptions, 'wsUrl' | 'domain'>>): Promise<AgentPhone>;
  /** Kills Kamailio with SIGKILL, as a crash would. */
  killProxy(): Promise<void>;
  /** Starts Kamailio again on the same port; resolves once every debtor has registered
   *  again (agent phones re-register by themselves, like the console must). */
  startProxy(): Promise<void>;
  /** killProxy() then startProxy(). */
  restartProxy(): Promise<void>;
  /** Hangs Kamailio (SIGSTOP): its sockets stay open and nothing is answered, as a wedged proxy. */
  hangProxy(): void;
  /** Lets a hung Kamailio carry on (SIGCONT). */
  resumeProxy(): void;
  /** While on, Kamailio answers every REGISTER 503 on live connections. */
  refuseRegistrations(on: boolean): void;
  /** A Kamailio statistic (kamcmd stats.get_statistics NAME), e.g. sl:407_replies. */
  proxyStatistic(name: string): number;
  /** When Kamailio last began answering (started, restarted or resumed), epoch ms. */
  proxyAnsweringSince(): number;
  /** With `plain`: Kamailio's UDP address for plain SIP peers (127.0.0.1:PORT), else null. */
  readonly udpAddress: string | null;
  /** With `plain`: rtpengine's log. */
  rtpengineLog(): string;
  /** Kamailio's recent log lines. */
  proxyLog(): string;
  /** Stops agent phones, debtors (unregistering first), browsers, Kamailio; removes files. */
  stop(): Promise<void>;
}

export async function startLab(options: LabOptions = {}): Promise<Lab> {
  checkRequirements();
  const domain = options.domain ?? DEFAULT_DOMAIN;
  const agents = options.agents ?? [...DEFAULT_AGENTS];
  const specs = options.debtors ? options.debtors.map(debtorSpec) : [...DEBTORS];
  const debug = options.debug ?? Boolean(process.env.LAB_DEBUG);
  const log = debug ? (line: string) => process.stderr.write(`[lab] ${line}\n`) : null;
  sweepStaleLabDirs();
  const dir = makeLabDir('');

  let proxy: SipProxy | null = null;
  let rtpengine: Rtpengine | null = null;
  let plain: ProxyOptions['plain'];
  let debtors: Debtors | null = null;
  const phones = new Set<AgentPhone>();

  async function stop(): Promise<void> {
    try {
      // Endpoints first, while the proxy can still take their un-REGISTERs.
      await Promise.allSettled([...phones].map((p) => p.stop()));
      phones.clear();
      await debtors?.stop().catch(() => undefined);
      await proxy?.stop();
      await rtpengine?.stop();
    } finally {
      removeLabDir(dir);
    }
  }

  try {
    // The proxy needs the debtors' accounts, the debtors need the proxy's URL: make the
    // accounts (and sounds) first, start the proxy, then start and register the debtors.
    debtors = await prepareDebtors({ dir, domain, specs, log });
    if (options.plain) {
      rtpengine = await startRtpengine({ debug });
      plain = { udpPort: await freeUdpPort(), rtpengineNgPort: rtpengine.ngPort, statics: options.plain.statics ?? [] };
    }
    proxy = await SipProxy.start({
      dir, port: options.port ?? 0, domain, accounts: [...agents, ...debtors.accounts, ...options.plain?.accounts ?? []], auth: options.auth ?? true, debug, plain,
    });
    await debtors.start(proxy.wsUrl);
  } catch (error) {
    await stop();
    throw error;
  }
  const running = { proxy, debtors };

  async function startProxy(): Promise<void> {
    const since = Date.now();
    await running.proxy.restart();
    await running.debtors.registered(since);
  }

  return {
    wsUrl: running.proxy.wsUrl,
    port: running.proxy.port,
    domain,
    agents,
    debtors: specs,
    debtor(number) {
      const debtor = running.debtors.all.get(number);
      if (!debtor) throw new Error(`No running debtor ${number} (${debtorSpec(number).behaviour})`);
      return debtor;
    },
    async agentPhone(o = {}) {
      const inUse = new Set([...phones].filter((p) => !p.stopped).map((p) => p.user));
      const account = o.user ? agents.find((a) => a.user === o.user) : agents.find((a) => !inUse.has(a.user));
      if (!account && !o.password) throw new Error(o.user ? `${o.user} is not a lab agent` : 'Every lab agent has a phone already');
      const phone = await startAgentPhone({
        // Two phones in one test should sound different.
        toneHz: inUse.size === 0 ? TONES.agent : TONES.agentAlt,
        log: log ?? undefined,
        ...o,
        user: o.user ?? account!.user,
        password: o.password ?? account!.password,
        wsUrl: running.proxy.wsUrl,
        domain,
      });
      phones.add(phone);
      return phone;
    },
    killProxy: () => running.proxy.kill(),
    hangProxy: () => running.proxy.pause(),
    resumeProxy: () => running.proxy.resume(),
    refuseRegistrations: (on) => running.proxy.refuseRegistrations(on),
    proxyAnsweringSince: () => running.proxy.answeringSince,
    proxyStatistic: (name) => running.proxy.statistic(name),
    udpAddress: plain ? `127.0.0.1:${plain.udpPort}` : null,
    rtpengineLog: () => rtpengine?.log() ?? '',
    startProxy,
    async restartProxy() {
      await running.proxy.kill();
      await startProxy();
    },
    proxyLog: () => running.proxy.output(),
    stop,
  };
}
