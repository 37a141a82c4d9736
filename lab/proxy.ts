// Kamailio for one lab: writes the generated config into the lab's temp dir, runs Kamailio in
// the foreground under the supervisor, and reports it started only once a WebSocket
// handshake succeeds. It can be killed and started again on the same port (the resilience
// tests do), with its locations forgotten like a real restart.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { renderKamailioConfig, type SipAccount } from './kamailio-config';
import { freePort, isPortFree } from './ports';
import { KAMAILIO, KAMCMD, kamailioModulesDir } from './requirements';
import { supervise, type Supervised } from './supervisor';

export interface ProxyOptions {
  dir: string;
  /** 0: a free port. */
  port: number;
  domain: string;
  accounts: SipAccount[];
  auth: boolean;
  debug: boolean;
  /** Plain SIP peers over UDP, bridged by rtpengine (kamailio-config.ts). */
  plain?: { udpPort: number; rtpengineNgPort: number; statics: { user: string; address: string }[] };
}

export class SipProxy {
  private process: Supervised | null = null;
  /** When it last began answering: its WebSocket handshake first succeeded, or it was resumed. */
  answeringSince = 0;
  private constructor(private readonly options: ProxyOptions, readonly port: number, private readonly configFile: string) {}

  /** Starts Kamailio on `options.port`, or on a free port (retrying if another process
   *  takes the probed port first). */
  static async start(options: ProxyOptions): Promise<SipProxy> {
    if (!existsSync(KAMAILIO)) throw new Error(`Kamailio is not installed (${KAMAILIO}): run scripts/setup-lab.sh`);
    const modulesDir = kamailioModulesDir();
    if (!modulesDir) throw new Error('Kamailio\'s WebSocket module is not installed: run scripts/setup-lab.sh');
    for (let attempt = 1; ; attempt++) {
      const port = options.port || await freePort();
      if (options.port && !await isPortFree(port)) throw new Error(`Port ${port} is in use: pick another or 0 for a free one`);
      const configFile = join(options.dir, 'kamailio.cfg');
      writeFileSync(configFile, renderKamailioConfig({
        port, domain: options.domain, accounts: options.accounts, auth: options.auth, debug: options.debug ? 2 : 1, modulesDir, plain: options.plain,
        ctlSocket: join(options.dir, 'run', 'kamailio_ctl'),
      }));
      const proxy = new SipProxy(options, port, configFile);
      try {
        await proxy.startProcess();
        return proxy;
      } catch (error) {
        if (options.port || attempt >= 3) throw error;
      }
    }
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  get pid(): number | null {
    return this.process?.running() ? this.process.pid : null;
  }

  running(): boolean {
    return this.process?.running() ?? false;
  }

  /** SIGKILL, as in a crash: clients see their WebSockets drop. */
  async kill(): Promise<void> {
    await this.process?.kill();
  }

  /** Hangs it (SIGSTOP): sockets stay open, nothing is answered. */
  pause(): void {
    this.process?.pause();
  }

  /** While on, every REGISTER is answered 503 Service Unavailable: a registrar failing on a
   *  live connection (nothing drops, nothing hangs). */
  refuseRegistrations(on: boolean): void {
    execFileSync(KAMCMD, ['-s', `unix:${join(this.options.dir, 'run', 'kamailio_ctl')}`, 'cfg.set_now_int', 'lab', 'refuse_register', on ? '1' : '0'], { stdio: 'ignore', timeout: 5_000 });
  }

  /** A Kamailio statistic by name (kamcmd stats.get_statistics), e.g. sl:407_replies (the digest
   *  challenges to requests other than REGISTER); 0 when Kamailio does not know it. Kamailio
   *  answers a group (sl:) but not every single name, so the group is asked and read. */
  statistic(name: string): number {
    const group = `${name.split(':')[0]}:`;
    const out = execFileSync(KAMCMD, ['-s', `unix:${join(this.options.dir, 'run', 'kamailio_ctl')}`, 'stats.get_statistics', group], { encoding: 'utf8', timeout: 5_000 });
    const line = out.split('\n').find((l) => l.split('=')[0]!.trim() === name);
    return line ? Number(line.split('=')[1]) || 0 : 0;
  }

  /** Lets a hung proxy carry on (SIGCONT). */
  resume(): void {
    this.process?.resume();
    this.answeringSince = Date.now();
  }

  /** Starts it again (same port, same config) after kill() or stop(). */
  async restart(): Promise<void> {
    await this.process?.stop();
    await this.startProcess();
  }

  async stop(): Promise<void> {
    await this.process?.stop();
  }

  output(): string {
    return this.process?.output() ?? '';
  }

  private async startProcess(): Promise<void> {
    const run = join(this.options.dir, 'run');
    mkdirSync(run, { recursive: true });
    const child = supervise('kamailio', KAMAILIO, [
      '-f', this.configFile, '-P', join(run, 'kamailio.pid'), '-Y', run, '-w', this.options.dir, '-DD', '-E', '-m', '64', '-M', '8',
    ], { echo: this.options.debug });
    this.process = child;
    const deadline = Date.now() + 10_000;
    while (!await handshake(this.wsUrl)) {
      if (!child.running() || Date.now() > deadline) {
        await child.stop();
        throw new Error(`Kamailio did not start on 127.0.0.1:${this.port}:\n${child.output()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.answeringSince = Date.now();
  }
}

/** Whether a SIP WebSocket handshake with `url` succeeds: the proof that Kamailio's TCP
 *  workers, xhttp and websocket modules are all up, not merely that the port is bound. */
export function handshake(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, 'sip');
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 1000);
    socket.once('open', () => done(socket.protocol === 'sip'));
    socket.once('error', () => done(false));
  });
}
