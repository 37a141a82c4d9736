// SIPp as a plain SIP peer behind the lab's Kamailio (UDP, media through rtpengine): a user
// agent server that plays one scenario from lab/sipp-scenarios/ (answer, busy, not-found, hold-refused, early-media)
// for the calls Kamailio routes to it by number (LabOptions.plain.statics). `answer` is the
// fastest far end the lab has: 200 OK with its SDP the moment the INVITE arrives (the call-setup
// bench's native peer).
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freeUdpPort } from './rtpengine';
import { supervise, type Supervised } from './supervisor';

export const SIPP = process.env.SIPP_PATH ?? '/usr/bin/sipp';
export type SippScenario = 'answer' | 'busy' | 'not-found' | 'hold-refused' | 'early-media';

export interface SippPeer {
  /** 127.0.0.1:PORT, for LabOptions.plain.statics. */
  readonly address: string;
  readonly scenario: SippScenario;
  /** SIPp's exit status: 0 once every call went as the scenario says, 1 if one did not. */
  readonly exited: Promise<number | string>;
  log(): string;
  stop(): Promise<void>;
}

/** Starts SIPp on a free UDP port; it handles `calls` calls, then exits (after `timeoutSec`, default 300, it exits failed). */
export async function startSipp(options: { scenario: SippScenario; calls?: number; timeoutSec?: number; debug?: boolean }): Promise<SippPeer> {
  if (!existsSync(SIPP)) throw new Error(`SIPp is not installed (${SIPP}): run scripts/setup-lab.sh (package sip-tester)`);
  const [port, mediaPort] = [await freeUdpPort(), await freeUdpPort()];
  const file = fileURLToPath(new URL(`./sipp-scenarios/${options.scenario}.xml`, import.meta.url));
  const errors = join(mkdtempSync(join(tmpdir(), 'fairline-sipp-')), 'errors.log');
  const child: Supervised = supervise(`sipp-${options.scenario}`, SIPP, [
    '-sf', file, '-i', '127.0.0.1', '-p', String(port), '-mi', '127.0.0.1', '-mp', String(mediaPort),
    '-m', String(options.calls ?? 1), '-nostdin', '-trace_err', '-error_file', errors, '-timeout', `${options.timeoutSec ?? 300}s`, '-timeout_error', '-nd',
  ], { echo: options.debug, keepLines: 500 });
  await new Promise((r) => setTimeout(r, 300)); // SIPp binds its port at once; give it the moment
  if (!child.running()) throw new Error(`SIPp did not start:\n${child.output()}`);
  return { address: `127.0.0.1:${port}`, scenario: options.scenario, exited: child.exited, log: () => child.output(), stop: () => child.stop() };
}
