// baresip as a plain SIP user agent behind the lab's Kamailio: it registers over UDP with
// digest authentication (baresip has no SIP over WebSocket), its media goes through rtpengine,
// its microphone is a sine tone (ausine) and it prints an RTCP summary of every call
// (rtcpsummary: packets received and sent). It is driven over ctrl_tcp (JSON in netstrings):
// commands (accept, hangup, sndcode…) and the events it reports (CALL_INCOMING,
// CALL_ESTABLISHED, CALL_DTMF_START, CALL_CLOSED…).
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { freePort } from './ports';
import { freeUdpPort } from './rtpengine';
import { supervise, type Supervised } from './supervisor';

export const BARESIP = process.env.BARESIP_PATH ?? '/usr/bin/baresip';
const MODULES = '/usr/lib/baresip/modules';

export interface BaresipEvent {
  type: string;
  param?: string;
  peeruri?: string;
  at: number;
}

export interface BaresipPhone {
  readonly aor: string;
  readonly toneHz: number;
  events(): BaresipEvent[];
  waitForEvent(type: string, since?: number, timeoutMs?: number): Promise<BaresipEvent>;
  command(command: string, params?: string): Promise<string>;
  /** baresip's output: the RTCP summary lines ("EX=BareSip;…;PR=…;PS=…") say what flowed. */
  log(): string;
  /** The last call's RTCP summary: packets received and sent, or null before a call ended. */
  summary(): { received: number; sent: number } | null;
  stop(): Promise<void>;
}

export async function startBaresip(options: { dir: string; user: string; password: string; domain: string; proxy: string; toneHz?: number; autoAnswer?: boolean; debug?: boolean }): Promise<BaresipPhone> {
  if (!existsSync(BARESIP)) throw new Error(`baresip is not installed (${BARESIP}): run scripts/setup-lab.sh (package baresip-core)`);
  const home = join(options.dir, `baresip-${options.user.replace(/\W/g, '')}`);
  mkdirSync(home, { recursive: true });
  const [sipPort, ctrlPort] = [await freeUdpPort(), await freePort()];
  const toneHz = options.toneHz ?? 1000;
  writeFileSync(join(home, 'config'), [
    'poll_method epoll', `sip_listen 127.0.0.1:${sipPort}`,
    `audio_source ausine,${toneHz}`, 'audio_player aubridge,nowhere', 'audio_alert aubridge,nowhere',
    'rtp_ports 31000-31999', `module_path ${MODULES}`,
    ...['opus.so', 'g711.so', 'ausine.so', 'aubridge.so', 'account.so', 'rtcpsummary.so'].map((m) => `module ${m}`),
    'module_app menu.so', 'module_app ctrl_tcp.so', `ctrl_tcp_listen 127.0.0.1:${ctrlPort}`, '',
  ].join('\n'));
  const aor = `sip:${options.user}@${options.domain}`;
  writeFileSync(join(home, 'accounts'), `<${aor};transport=udp>;auth_pass=${options.password};outbound="sip:${options.proxy};transport=udp";regint=600;answermode=${options.autoAnswer ? 'auto' : 'manual'};audio_codecs=opus\n`);
  const child: Supervised = supervise(`baresip-${options.user}`, BARESIP, ['-f', home], { echo: options.debug, keepLines: 2000 });
  const events: BaresipEvent[] = [];
  const replies = new Map<string, (text: string) => void>();
  let socket: Socket | null = null;
  const deadline = Date.now() + 10_000;
  while (!socket) {
    if (!child.running() || Date.now() > deadline) {
      await child.stop();
      throw new Error(`baresip did not start:\n${child.output()}`);
    }
    socket = await new Promise<Socket | null>((resolve) => {
      const s = connect(ctrlPort, '127.0.0.1', () => resolve(s));
      s.once('error', () => resolve(null));
    });
    if (!socket) await new Promise((r) => setTimeout(r, 100));
  }
  socket.on('error', () => undefined);
  let buffer = '';
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    for (;;) {
      const colon = buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(buffer.slice(0, colon));
      if (buffer.length < colon + 1 + length + 1) return;
      const text = buffer.slice(colon + 1, colon + 1 + length);
      buffer = buffer.slice(colon + 2 + length);
      const message = JSON.parse(text) as { event?: boolean; type?: string; param?: string; peeruri?: string; response?: boolean; token?: string; data?: string };
      if (message.event && message.type) events.push({ type: message.type, param: message.param, peeruri: message.peeruri, at: Date.now() });
      if (message.response && message.token) replies.get(message.token)?.(message.data ?? '');
    }
  });
  let token = 0;
  const phone: BaresipPhone = {
    aor, toneHz,
    events: () => [...events],
    async waitForEvent(type, since = 0, timeoutMs = 15_000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find((e) => e.type === type && e.at >= since);
        if (found) return found;
        if (Date.now() > end) throw new Error(`baresip: no ${type} in ${timeoutMs} ms; events: ${events.map((e) => e.type).join(', ')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    command(command, params = '') {
      const id = String(++token);
      const body = JSON.stringify({ command, params, token: id });
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(''), 5_000);
        replies.set(id, (text) => {
          clearTimeout(timer);
          replies.delete(id);
          resolve(text);
        });
        socket!.write(`${Buffer.byteLength(body)}:${body},`);
      });
    },
    log: () => child.output(),
    summary() {
      const lines = child.output().split('\n').filter((l) => l.includes('EX=BareSip'));
      const last = lines.at(-1);
      if (!last) return null;
      return { received: Number(/PR=(\d+)/.exec(last)?.[1] ?? 0), sent: Number(/PS=(\d+)/.exec(last)?.[1] ?? 0) };
    },
    async stop() {
      socket?.destroy();
      await child.stop();
    },
  };
  // Registered: ready to be called (the event may have gone before the control socket was up: the log says it too).
  const registeredBy = Date.now() + 10_000;
  while (!events.some((e) => e.type === 'REGISTER_OK') && !/200 OK.*binding/.test(child.output())) {
    if (Date.now() > registeredBy || !child.running()) {
      await phone.stop();
      throw new Error(`baresip did not register with ${options.proxy}:\n${child.output()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return phone;
}
