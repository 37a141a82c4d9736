// The console killed (SIGKILL) at random moments while it logs calls and pushes them: every
// event whose save was confirmed to the UI reaches the server, exactly once.
//
// The console is a real process (client-child.ts) over a data directory that outlives it; the
// server is a real `tsx server/main.ts`. The child prints each event id the moment the API call
// that logged it resolved; the parent kills it at random times (most after it is up and busy,
// some while it is still starting), starts it again on the same directory, and at the end lets
// it drain its outbox. Then, straight from both databases: each confirmed id is on the server
// once, no call is there twice under two ids, and the server holds exactly the console's events
// at the same seqs, 1..n without a gap.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import { createTestDatabase } from '../server/databases';
import { describeEachStore } from '../server/helpers';
import { ServerProcess, freePort, sleep, spawnConsole } from './processes';
import { seeded } from './random';
import { eventsDiff, localDeviceId, localEvents, localPending, serverEvents } from './state';

const KILLS = Number(process.env.FAIRLINE_RELIABILITY_CLIENT_KILLS ?? 10);

describeEachStore('a console killed while it logs and pushes', (kind) => {
  it(`gets every confirmed event to the server exactly once (${KILLS} SIGKILLs)`, async () => {
    const rng = seeded(`client-kill ${kind}`);
    const started = Date.now();
    const database = await createTestDatabase(kind);
    const server = new ServerProcess(database, await freePort());
    const dataDir = mkdtempSync(join(tmpdir(), 'fairline-reliability-console-'));
    try {
      await server.start();
      const confirmed = new Map<string, string>(); // event id → call id
      let duringPush = 0;
      let whileStarting = 0;
      let statusEvents = 0;
      const readyMs: number[] = [];

      for (let run = 0; run < KILLS; run++) {
        const spawned = Date.now();
        const child = await spawnConsole(['work', dataDir, server.url, 'collector1', String(rng.int(1, 2 ** 30)), String(run)]);
        let stderr = '';
        child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
        let ready = false;
        let pushing = false;
        let failed: string | null = null;
        const readyOrExit = new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          createInterface({ input: child.stdout! }).on('line', (line) => {
            const [word, id, callId] = line.split(' ');
            if (word === 'ok') confirmed.set(id!, callId!);
            else if (word === 'status') statusEvents += 1;
            else if (word === 'push>') pushing = true;
            else if (word === 'push<') pushing = false;
            else if (word === 'ready') {
              ready = true;
              readyMs.push(Date.now() - spawned);
              resolve();
            }
            else if (word === 'error') failed = line;
          });
        });
        // 'close': the process is gone and everything it printed has been read.
        const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
        // Most kills land on a console that is up and busy; one in five on one that may still be
        // opening its store, signing in or pulling its portfolio.
        const early = run % 5 === 2;
        if (early) {
          await Promise.race([sleep(rng.int(0, 2500)), exited]);
        } else {
          await readyOrExit;
          await Promise.race([sleep(rng.int(20, 1500)), exited]);
        }
        if (child.exitCode !== null) throw new Error(`The console exited by itself (${child.exitCode}): ${failed ?? ''}\n${stderr}`);
        if (!ready) whileStarting += 1;
        if (pushing) duringPush += 1;
        child.kill('SIGKILL');
        await exited;
      }

      // One last start, to let it send what it still holds.
      const drain = await spawnConsole(['drain', dataDir, server.url, 'collector1', '1', String(KILLS)]);
      let drainOut = '';
      drain.stdout!.on('data', (d: Buffer) => { drainOut += d.toString(); });
      drain.stderr!.on('data', (d: Buffer) => { drainOut += d.toString(); });
      const code = await new Promise<number | null>((resolve) => drain.once('exit', resolve));
      expect(code, drainOut).toBe(0);

      const deviceId = localDeviceId(dataDir);
      const stored = await serverEvents(database, deviceId);
      const byId = new Map<string, number>();
      for (const e of stored) byId.set(e.id, (byId.get(e.id) ?? 0) + 1);
      const callIds = new Map<string, string[]>();
      for (const e of stored) {
        if (e.type !== 'call.attempt') continue;
        const callId = (JSON.parse(e.body) as { callId: string }).callId;
        callIds.set(callId, [...(callIds.get(callId) ?? []), e.id]);
      }
      const local = localEvents(dataDir);
      console.log(`[reliability] client-kill ${kind}: ${KILLS} SIGKILLs (${duringPush} with a push in flight, ${whileStarting} while starting), `
        + `${confirmed.size} calls confirmed, ${statusEvents} status changes, ${local.length} events on the console, ${stored.length} on the server, `
        + `console up in ${readyMs.join('/')} ms, server up in ${server.startMs.join('/')} ms, ${Math.round((Date.now() - started) / 1000)} s in all`);

      expect(confirmed.size).toBeGreaterThan(KILLS * 5);
      // Every confirmed event is on the server, once, with the call it was logged for.
      const missing = [...confirmed.keys()].filter((id) => byId.get(id) !== 1);
      expect(missing, 'confirmed events not on the server exactly once').toEqual([]);
      for (const [id, callId] of confirmed) expect(callIds.get(callId), callId).toEqual([id]);
      // Nothing duplicated: no call logged twice under different ids.
      expect([...callIds].filter(([, ids]) => ids.length > 1)).toEqual([]);
      // The server holds what the console holds, at the same seqs, 1..n, and its cursor agrees.
      expect(await eventsDiff(database, dataDir)).toEqual([]);
      expect(localPending(dataDir)).toBe(0);
      expect(server.errors).toEqual([]);
      // The faults this test injected, for the suite's total.
      console.log(`[reliability] faults injected: client-kill ${kind}: ${KILLS}`);
    } finally {
      await server.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 600_000);
});
