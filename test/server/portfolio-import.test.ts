// `import-portfolio FILE.csv` and `assign`: all rows or none, every bad row reported.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminIo, runAdmin } from '../../server/admin/cli';
import { parseCsv } from '../../server/admin/portfolio-csv';
import { NOW, type TestServer, describeEachStore, startTestServer } from './helpers';

const EXAMPLE = resolve('docs/examples/portfolio.csv');
const dir = mkdtempSync(join(tmpdir(), 'fairline-portfolio-'));

describe('CSV parsing', () => {
  it('reads quoted fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\n\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"\nthere']]);
    expect(() => parseCsv('a,"b')).toThrow(/quoted/);
  });
});

describeEachStore('import-portfolio and assign', (kind) => {
  let server: TestServer;
  let out: string[];
  let err: string[];
  const io = (): AdminIo => ({ out: (l) => out.push(l), err: (l) => err.push(l), env: server.database.env, now: () => NOW });
  const admin = (...argv: string[]) => { out = []; err = []; return runAdmin(argv, io()); };

  beforeAll(async () => { server = await startTestServer({ seedDemo: true }, kind); }, 30_000);
  afterAll(async () => { await server?.stop(); });

  it('rejects a file with bad rows, naming each row and why, and imports nothing', async () => {
    const lines = readFileSync(EXAMPLE, 'utf8').trimEnd().split('\n');
    const bad = [
      lines[0],
      lines[1],
      lines[2]!.replace('上海市,200120', '北京市,200120'), // account columns differ from line 2
      lines[3]!.replace('+12125550142', '+1555123'), // not a phone number
      lines[4]!.replace('US East', 'Nowhere').replace('12000.00', '-5'),
      'CN-100001,CN,Dup,addr,上海市,1,Asia/Shanghai,华东一组,,mobile:+8613800138001,L,P,1,0,1,2025-01-01', // ref exists
      'CN-900009,CN,Tz,addr,上海市,1,Mars/Base,华东一组,collector2,mobile:+12125550142,L,P,1,0,1,2025-13-01',
    ].join('\n');
    const path = join(dir, 'bad.csv');
    writeFileSync(path, bad);
    const before = await server.store.counts();
    expect(await admin('import-portfolio', path)).toBe(2);
    const report = err.join('\n');
    expect(err[0]).toContain('5 bad rows; nothing imported');
    expect(report).toMatch(/line 3: account CN-900001: province differ/);
    expect(report).toMatch(/line 4: phone "\+1555123" is not a valid phone number/);
    expect(report).toMatch(/line 5: principal: /);
    expect(report).toMatch(/line 6: account CN-100001 already exists/);
    expect(report).toMatch(/line 7: .*time_zone: .*due_date/);
    expect(await server.store.counts()).toEqual(before);
  });

  it('imports the example file in one go, and `assign` moves an account to an agent', async () => {
    const before = await server.store.counts();
    expect(await admin('import-portfolio', EXAMPLE)).toBe(0);
    expect(out[0]).toBe(`Imported 3 accounts with 4 debts from ${EXAMPLE}`);
    const after = await server.store.counts();
    expect(after.accounts - before.accounts).toBe(3);
    expect(after.debts - before.debts).toBe(4);
    const cn = await server.store.getAccount((await server.store.findAccountByRef('CN-900001'))!.id);
    expect(cn!.phones.map((p) => p.number).sort()).toEqual(['+8613800138000', '+862158881234']);
    expect(cn!.debts.map((d) => d.balanceMinor).sort()).toEqual([180000, 512050]);
    expect(cn!.account).toMatchObject({ currency: 'CNY', timeZone: 'Asia/Shanghai' });
    // The same file again: every row now clashes.
    expect(await admin('import-portfolio', EXAMPLE)).toBe(2);

    const unassigned = await server.store.findAccountByRef('US-900002');
    expect(unassigned!.assignedTo).toBeNull();
    expect(await admin('assign', 'US-900002', 'collector2')).toBe(0);
    expect((await server.store.findAccountByRef('US-900002'))!.assignedTo).not.toBeNull();
    expect(await admin('assign', 'US-900002', 'nobody')).toBe(1);
    expect(await admin('assign', 'XX-1', 'collector2')).toBe(1);
    expect(await admin('assign', 'US-900002')).toBe(2);
    expect(await admin('import-portfolio', join(dir, 'missing.csv'))).toBe(1);
  });
});
