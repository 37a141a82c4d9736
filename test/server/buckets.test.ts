// The compliance and talk-track buckets, fed by the admin CLI: holds, policy, talk tracks,
// compaction and the reset snapshot it forces.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CompliancePage, PullResponse, TalkTrackPage } from '../../shared/sync/protocol';
import { DEMO_TEAMS } from '../../server/seed/demo';
import { DEMO_TRACK_INPUTS } from '../../shared/talktrack/demo';
import { type AdminIo, runAdmin } from '../../server/admin/cli';
import { NOW, type TestServer, addUsLead, call, describeEachStore, login, startTestServer } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'fairline-buckets-'));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

describeEachStore('pull buckets', (kind) => {
  let server: TestServer;
  let token: string;
  let out: string[];
  let err: string[];
  let now = NOW;
  const io = (): AdminIo => ({ out: (l) => out.push(l), err: (l) => err.push(l), env: server.database.env, now: () => now });
  const admin = (...argv: string[]) => { out = []; err = []; return runAdmin(argv, io()); };

  const compliance = async (cursor: number, limit = 1000) => {
    const r = await call(server.url, `/api/sync/pull/compliance?cursor=${cursor}&limit=${limit}`, { token });
    expect(r.status).toBe(200);
    return CompliancePage.parse(r.body);
  };
  const drain = async (cursor: number, limit = 1000) => {
    const pages: CompliancePage[] = [];
    for (;;) {
      const page = await compliance(cursor, limit);
      pages.push(page);
      cursor = page.cursor;
      if (!page.hasMore) return { pages, cursor };
    }
  };

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true }, kind);
    token = (await login(server.url, 'collector2')).token;
  }, 30_000);
  afterAll(async () => { await server?.stop(); });

  it('pages the compliance bucket: every visible account once, then nothing new', async () => {
    const { pages, cursor } = await drain(0, 50);
    const ids = pages.flatMap((p) => p.holds.map((h) => h.accountId));
    expect(ids.length).toBe(320);
    expect(new Set(ids).size).toBe(320);
    expect(pages.every((p) => !p.reset)).toBe(true);
    const again = await compliance(cursor);
    expect(again).toMatchObject({ cursor, hasMore: false, holds: [], policies: [] });
  });

  it('brings a hold set with `hold set` at the next pull, and its lifting after', async () => {
    const { cursor } = await drain(0);
    expect(await admin('hold', 'set', 'US-100003', 'cease', '--note', 'Written cease request')).toBe(0);
    const holdId = /hold (\S+)/.exec(out[0]!)![1]!;
    const page = await compliance(cursor);
    expect(page.holds).toHaveLength(1);
    expect(page.holds[0]!.holds.find((h) => h.id === holdId)).toMatchObject({ kind: 'cease', liftedAt: null });
    expect(await admin('hold', 'lift', holdId)).toBe(0);
    const lifted = await compliance(page.cursor);
    expect(lifted.holds[0]!.holds.find((h) => h.id === holdId)!.liftedAt).toBe(NOW.toISOString());
    // Not this agent's account: nothing for them.
    expect(await admin('hold', 'set', 'CN-100003', 'dispute')).toBe(0);
    expect((await compliance(lifted.cursor)).holds).toEqual([]);
    expect(await admin('hold', 'set', 'US-100003', 'do_not_call')).toBe(2);
    expect(err[0]).toContain('--phone is required');
  });

  it("gives a lead added to another team that team's accounts and holds at the next pull, though their cursors are past them", async () => {
    await addUsLead(server.store);
    const lead = (await login(server.url, 'lead_us')).token;
    const get = async (path: string) => {
      const r = await call(server.url, path, { token: lead });
      expect(r.status).toBe(200);
      return r.body;
    };
    const assignments = async (cursor: number) => {
      const ids: string[] = [];
      for (;;) {
        const page = PullResponse.parse(await get(`/api/sync/pull/assignments?cursor=${cursor}&limit=200`));
        ids.push(...page.accounts.map((a) => a.account.ref));
        cursor = page.cursor;
        if (!page.hasMore) return { refs: ids, cursor, assigned: page.assignedIds ?? [] };
      }
    };
    const first = await assignments(0);
    expect(first.refs.length).toBe(320);
    expect(first.refs.every((ref) => ref.startsWith('US-'))).toBe(true);
    const holds = CompliancePage.parse(await get(`/api/sync/pull/compliance?cursor=0&limit=1000`));
    expect(holds.holds.length).toBe(320);

    const cn = await server.store.findTeamByName(DEMO_TEAMS.cn);
    const user = await server.store.findUserByUsername('lead_us');
    await server.store.addTeamLead(user!.id, cn!.id);

    // The CN accounts arrive (they were older than the lead's cursor), with their holds.
    const next = await assignments(first.cursor);
    expect(next.refs.length).toBe(320);
    expect(next.refs.every((ref) => ref.startsWith('CN-'))).toBe(true);
    expect(next.assigned.length).toBe(640);
    const more = CompliancePage.parse(await get(`/api/sync/pull/compliance?cursor=${holds.cursor}&limit=1000`));
    expect(more.holds.length).toBe(320);
    // …and once caught up, nothing comes again.
    expect((await assignments(next.cursor)).refs).toEqual([]);
    expect(CompliancePage.parse(await get(`/api/sync/pull/compliance?cursor=${more.cursor}&limit=1000`))).toMatchObject({ reset: false, holds: [] });
    // Added again to a team they already lead: no change, no reset.
    await server.store.addTeamLead(user!.id, cn!.id);
    expect((await assignments(next.cursor)).refs).toEqual([]);
  });

  it('validates `policy tighten` with the tighten code and carries the policy in the bucket', async () => {
    const { cursor } = await drain(0);
    const loose = file('loose.json', { organisation: 'acme', caps: { 'us.frequency.calls_per_7_days': 9 } });
    expect(await admin('policy', 'tighten', 'us-regf', loose)).toBe(2);
    expect(err.join('\n')).toMatch(/us\.frequency\.calls_per_7_days.*looser/);
    expect((await compliance(cursor)).policies).toEqual([]);

    const tight = file('tight.json', { organisation: 'acme', caps: { 'us.frequency.calls_per_7_days': 5 } });
    expect(await admin('policy', 'tighten', 'us-regf', tight)).toBe(0);
    expect(out[0]).toContain('+acme');
    const page = await compliance(cursor);
    expect(page.policies).toEqual([{ packId: 'us-regf', overrides: { organisation: 'acme', caps: { 'us.frequency.calls_per_7_days': 5 } }, version: page.cursor }]);
    expect(await admin('policy', 'tighten', 'nope', tight)).toBe(2);
    expect(await admin('policy', 'list')).toBe(0);
    expect(out[0]).toMatch(/^us-regf\t/);
  });

  it('sends a cleared policy as a removal, and a reset snapshot to a cursor older than compacted history', async () => {
    const before = (await drain(0)).cursor;
    expect(await admin('policy', 'clear', 'us-regf')).toBe(0);
    const removal = await compliance(before);
    expect(removal.removedPolicies).toEqual(['us-regf']);
    expect(await admin('policy', 'clear', 'us-regf')).toBe(1);

    // A week later the removal records are compacted away: the old cursor can no longer learn of it.
    now = new Date(NOW.getTime() + 7 * 86_400_000);
    expect(await admin('sync', 'compact', '--days', '1')).toBe(0);
    expect(out[0]).toContain('Compacted 1 removal');
    const reset = await compliance(before);
    expect(reset).toMatchObject({ reset: true, cursor: 0, hasMore: true, holds: [], keepPolicies: [] });
    // A cursor at or after the floor carries on as before.
    expect((await compliance(removal.cursor)).reset).toBe(false);
    // A cursor from another database (beyond the counter) resets too.
    expect((await compliance(10_000_000)).reset).toBe(true);
    now = NOW;
  });

  it('serves the seeded demo talk tracks, and `talktrack import` adds only valid newer versions', async () => {
    const first = TalkTrackPage.parse((await call(server.url, '/api/sync/pull/talktracks?cursor=0&limit=1000', { token })).body);
    expect(first.tracks.map((t) => t.id).sort()).toEqual(DEMO_TRACK_INPUTS.map((t) => t.id).sort());
    expect(first.hasMore).toBe(false);

    const base = DEMO_TRACK_INPUTS[0]!;
    const broken = { ...base, version: base.version + 1, steps: base.steps.map((s, i) => (i === 0 && s.type === 'say' ? { ...s, next: 'nowhere' } : s)) };
    expect(await admin('talktrack', 'import', file('broken.json', broken))).toBe(2);
    expect(err.join('\n')).toContain(`step ${base.steps[0]!.id}`);
    expect(err.join('\n')).toContain('nowhere');
    expect(err[0]).toContain(`version ${base.version} stays active`);
    expect(await admin('talktrack', 'import', file('same.json', base))).toBe(2);
    expect(err.join('\n')).toMatch(/newer/);
    expect(await admin('talktrack', 'import', file('bad.json', '{ not json'))).toBe(2);

    const next = { ...base, version: base.version + 1, title: `${base.title} (v2)` };
    expect(await admin('talktrack', 'import', file('next.json', next))).toBe(0);
    const page = TalkTrackPage.parse((await call(server.url, `/api/sync/pull/talktracks?cursor=${first.cursor}`, { token })).body);
    expect(page.tracks).toEqual([{ id: base.id, version: base.version + 1, track: next }]);
    expect(await admin('talktrack', 'list')).toBe(0);
    expect(out.filter((l) => l.startsWith(`${base.id}\t`))).toEqual([
      expect.stringMatching(new RegExp(`v${base.version + 1}\\t.*\\tactive`)), expect.stringMatching(/superseded/),
    ]);
  });

  it('refuses bad bucket queries with 400 and unknown tokens with 401', async () => {
    expect((await call(server.url, '/api/sync/pull/compliance?cursor=-1', { token })).status).toBe(400);
    expect((await call(server.url, '/api/sync/pull/compliance?cursor=abc', { token })).status).toBe(400);
    expect((await call(server.url, '/api/sync/pull/talktracks?limit=0', { token })).status).toBe(400);
    expect((await call(server.url, '/api/sync/pull/compliance?bucket=x', { token })).status).toBe(400);
    expect((await call(server.url, '/api/sync/pull/compliance', { token: 'nope' })).status).toBe(401);
  });
});
