// Retention per compliance pack (docs/security.md "Retention"), on both stores: past its pack's
// period (Reg F 3 years, China 5) an account's events and files go, unless a legal hold keeps
// them; --dry-run lists and changes nothing; every purged row leaves a tombstone and the audit
// chain still verifies.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type AdminIo, runAdmin } from '../../server/admin/cli';
import { packPeriods } from '../../server/store/retention-store';
import { NOW, type TestServer, call, clientEvent, describeEachStore, login, startTestServer, tempDir } from './helpers';

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const YEAR = 365.25 * 86_400_000;

describeEachStore('retention', (kind) => {
  let server: TestServer;
  const blobs = tempDir();
  let out: string[];
  let err: string[];
  const admin = (at: Date, ...argv: string[]) => {
    out = []; err = [];
    const io: AdminIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: { ...server.database.env, FAIRLINE_BLOB_DIR: blobs.dir }, now: () => at };
    return runAdmin(argv, io);
  };
  const us: { id: string; ref: string }[] = [];
  let cn = { id: '', ref: '' };
  const recording = randomBytes(3_000);

  async function pushFor(username: string, device: string, accountIds: string[], withRecording: boolean): Promise<void> {
    const s = await login(server.url, username, device);
    const events = accountIds.map((accountId, i) => ({ ...clientEvent(i + 1, s.user.id, device, withRecording && i === 0
      ? { type: 'call.attempt', callId: `call-ret-${device}`, direction: 'outbound', phoneId: 'p', partyId: null, number: '+12125550100', result: 'answered',
        startedAt: NOW.toISOString(), answeredAt: NOW.toISOString(), endedAt: NOW.toISOString(), sipStatus: 200,
        recording: { file: '/r.webm', sha256: sha(recording), durationMs: 1000 } }
      : { type: 'note.added', text: `note ${i}` }), accountId }));
    const r = await call(server.url, '/api/sync/push', { token: s.token, body: { deviceId: device, events } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    if (withRecording) {
      const up = await fetch(`${server.url}/api/blobs/${sha(recording)}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${s.token}`, 'content-type': 'application/offset+octet-stream', 'upload-offset': '0', 'upload-length': String(recording.length) },
        body: new Uint8Array(recording),
      });
      expect(up.status).toBe(200);
    }
  }

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true, blobDir: blobs.dir }, kind);
    const [c2] = await server.database.query<{ id: string }>("select id from users where username = 'collector2'");
    const [c1] = await server.database.query<{ id: string }>("select id from users where username = 'collector1'");
    us.push(...await server.database.query<{ id: string; ref: string }>(`select id, ref from accounts where assigned_to = '${c2!.id}' and region = 'US' order by ref limit 2`));
    [cn] = await server.database.query<{ id: string; ref: string }>(`select id, ref from accounts where assigned_to = '${c1!.id}' and region = 'CN' order by ref limit 1`) as [{ id: string; ref: string }];
    await pushFor('collector2', 'device-ret-us', us.map((a) => a.id), true);
    await pushFor('collector1', 'device-ret-cn', [cn.id], false);
  }, 30_000);
  afterAll(async () => { await server?.stop(); blobs.remove(); });

  it('takes its periods from the packs', () => {
    expect(packPeriods('us-regf')).toEqual({ recordsYears: 3, recordingsYears: 3 });
    expect(packPeriods('cn')).toEqual({ recordsYears: 5, recordingsYears: 5 });
  });

  it('lists, in a dry run, the Reg F accounts 4 years on and not the Chinese one, changing nothing', async () => {
    const later = new Date(NOW.getTime() + 4 * YEAR);
    expect(await admin(later, 'retention', 'run', '--dry-run')).toBe(0);
    const text = out.join('\n');
    for (const a of us) expect(text).toContain(`would purge\t${a.ref}\tus-regf`);
    expect(text).not.toContain(cn.ref);
    const [{ n }] = (await server.database.query<{ n: number | string }>('select count(*) as n from events')) as [{ n: number | string }];
    expect(Number(n)).toBeGreaterThan(0);
    expect(await admin(later, 'retention', 'run', '--dry-run')).toBe(0);
    expect(out.join('\n')).toBe(text);
  });

  it('refuses an organisation period under the law’s', async () => {
    expect(await admin(NOW, 'retention', 'set', 'cn', '--records', '3', '--recordings', '3')).toBe(1);
    expect(err[0]).toContain('at least 5 years');
  });

  it('purges past retention except under legal hold, leaves tombstones, and the chain still verifies', async () => {
    const later = new Date(NOW.getTime() + 4 * YEAR);
    expect(await admin(later, 'retention', 'hold', us[1]!.ref, '--reason', 'court order 2029-17')).toBe(0);
    const file = join(blobs.dir, sha(recording).slice(0, 2), sha(recording));
    expect(existsSync(file)).toBe(true);
    expect(await admin(later, 'retention', 'run')).toBe(0);
    expect(out.join('\n')).toContain(`kept\t${us[1]!.ref}\tlegal hold`);
    const count = async (where: string) => Number((await server.database.query<{ n: number | string }>(`select count(*) as n from events where ${where}`))[0]!.n);
    expect(await count(`account_id = '${us[0]!.id}'`)).toBe(0);
    expect(await count(`account_id = '${us[1]!.id}'`)).toBe(1);
    expect(await count(`account_id = '${cn.id}'`)).toBe(1);
    expect(existsSync(file), out.join('\n')).toBe(false);
    const tombs = await server.database.query<{ source: string; rule: string }>(`select source, rule from audit_tombstones where account_id = '${us[0]!.id}'`);
    expect(tombs.map((t) => t.source).sort()).toEqual(['event', 'file']);
    expect(await admin(later, 'audit', 'verify')).toBe(0);
    expect(out[0]).toContain('1 rows purged by retention');
  });

  it('purges the held account once its hold is lifted, and the Chinese one after 5 years', async () => {
    const much = new Date(NOW.getTime() + 6 * YEAR);
    expect(await admin(much, 'retention', 'holds')).toBe(0);
    const holdId = out[0]!.split('\t')[0]!;
    expect(await admin(much, 'retention', 'release', holdId)).toBe(0);
    expect(await admin(much, 'retention', 'run')).toBe(0);
    const [{ n }] = (await server.database.query<{ n: number | string }>(`select count(*) as n from events where account_id is not null`)) as [{ n: number | string }];
    expect(Number(n)).toBe(0);
    expect(await admin(much, 'audit', 'verify')).toBe(0);
  });
});
