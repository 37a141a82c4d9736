// rtpengine for the lab, userspace only (no kernel module: --table=-1): the media bridge
// between the browsers' WebRTC (ICE, DTLS-SRTP, rtcp-mux) and plain SIP peers' RTP (baresip,
// SIPp), as a PBX's edge does. DTLS passive, as TOOLCHAIN.md found it must be.
import { existsSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { supervise, type Supervised } from './supervisor';

export const RTPENGINE = process.env.RTPENGINE_PATH ?? '/usr/bin/rtpengine';

export interface Rtpengine {
  readonly ngPort: number;
  log(): string;
  stop(): Promise<void>;
}

export async function startRtpengine(options: { debug?: boolean } = {}): Promise<Rtpengine> {
  if (!existsSync(RTPENGINE)) throw new Error(`rtpengine is not installed (${RTPENGINE}): run scripts/setup-lab.sh`);
  const ngPort = await freeUdpPort();
  const min = 30_000 + Math.floor(Math.random() * 90) * 100;
  const child: Supervised = supervise('rtpengine', RTPENGINE, [
    '--table=-1', '--interface=127.0.0.1', `--listen-ng=127.0.0.1:${ngPort}`, `--port-min=${min}`, `--port-max=${min + 99}`,
    '--foreground', '--log-stderr', '--config-file=none', '--dtls-passive', `--log-level=${options.debug ? 7 : 6}`,
  ], { echo: options.debug, keepLines: 1000 });
  const deadline = Date.now() + 10_000;
  while (!/Startup complete/.test(child.output())) {
    if (!child.running() || Date.now() > deadline) {
      await child.stop();
      throw new Error(`rtpengine did not start:\n${child.output()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { ngPort, log: () => child.output(), stop: () => child.stop() };
}

export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}
