// coturn on 127.0.0.1 for the lab: a real TURN server with long-term credentials, so a call can
// be forced through it (the console's "relay only") and its media proven to flow there. Relay
// ports come from a small range of their own, so a test can tell a relayed path by its port.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freeUdpPort } from './rtpengine';
import { supervise, type Supervised } from './supervisor';

export const TURNSERVER = process.env.TURNSERVER_PATH ?? '/usr/bin/turnserver';

export interface TurnServer {
  /** turn:127.0.0.1:PORT?transport=udp */
  readonly url: string;
  readonly username: string;
  readonly credential: string;
  /** The relay port range: a candidate pair through the relay has one of these ports. */
  readonly relayPorts: { min: number; max: number };
  log(): string;
  stop(): Promise<void>;
}

export async function startTurn(options: { dir: string; username?: string; credential?: string; realm?: string; debug?: boolean }): Promise<TurnServer> {
  if (!existsSync(TURNSERVER)) throw new Error(`coturn is not installed (${TURNSERVER}): run scripts/setup-lab.sh`);
  const port = await freeUdpPort();
  const min = 49_000 + Math.floor(Math.random() * 100) * 100;
  const relayPorts = { min, max: min + 99 };
  const username = options.username ?? 'fairline';
  const credential = options.credential ?? `turn-${Math.random().toString(36).slice(2, 10)}`;
  // Flags only (-n: no config file, so the system's /etc/turnserver.conf is not read either).
  const args = [
    '-n', `--listening-ip=127.0.0.1`, `--relay-ip=127.0.0.1`, `--listening-port=${port}`, `--min-port=${relayPorts.min}`, `--max-port=${relayPorts.max}`,
    '--lt-cred-mech', `--user=${username}:${credential}`, `--realm=${options.realm ?? 'lab.fairline.test'}`, '--fingerprint',
    // Loopback only: the lab's peers are on 127.0.0.1, which coturn refuses unless told.
    '--allow-loopback-peers', '--no-cli', '--no-tls', '--no-dtls', '--no-tcp', '--no-tcp-relay', '--no-multicast-peers',
    '--log-file=stdout', '--simple-log', '--verbose', `--pidfile=${join(options.dir, 'turnserver.pid')}`, `--userdb=${join(options.dir, 'turndb')}`,
  ];
  const child: Supervised = supervise('coturn', TURNSERVER, args, { echo: options.debug, keepLines: 2000 });
  const deadline = Date.now() + 10_000;
  while (!/UDP listener opened on: 127\.0\.0\.1/i.test(child.output())) {
    if (!child.running() || Date.now() > deadline) {
      await child.stop();
      throw new Error(`coturn did not start on 127.0.0.1:${port}:\n${child.output()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `turn:127.0.0.1:${port}?transport=udp`, username, credential, relayPorts,
    log: () => child.output(),
    stop: () => child.stop(),
  };
}
