// `import-portfolio FILE.csv` and `assign`: all rows or none, every bad row reported.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdminIo, runAdmin } from '../../server/admin/cli';
import { parseCsv } from '../../server/admin/portfolio-csv';
import { identityCells } from '../../server/admin/portfolio-identity';
import { identityDigest } from '../../shared/domain/identity';
import { NOW, type TestServer, describeEachStore, startTestServer } from './helpers';

const EXAMPLE = resolve('docs/examples/portfolio.csv');
const dir = mkdtempSync(join(tmpdir(), 'fairline-portfolio-'));

describe('CSV parsing', () => {
  it('reads quoted fields with commas, quotes and line breaks', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\n\n')).toEqual([['a', 'b'], ['x, y', 'say "hi"\nthere']]);
    expect(() => parseCsv('a,"b')).toThrow(/quoted/);
  });
});

describe('identity columns', () => {
  const TODAY = '2026-11-24';
  const cells = (c: Partial<Record<'date_of_birth' | 'id_last4' | 'ssn_last4', string>>) => ({ date_of_birth: '', id_last4: '', ssn_last4: '', ...c });

  it('keeps only the last four characters of a whole ID number or SSN, and reads dates as agents write them', () => {
    expect(identityCells(cells({ date_of_birth: '1985年4月12日', id_last4: '31011519850412123x' }), 'CN', TODAY))
      .toEqual({ ok: true, facts: { dateOfBirth: '1985-04-12', idLast4: '123X', ssnLast4: null } });
    expect(identityCells(cells({ date_of_birth: '04/12/1985', ssn_last4: '123-45-6789' }), 'US', TODAY))
      .toEqual({ ok: true, facts: { dateOfBirth: '1985-04-12', idLast4: null, ssnLast4: '6789' } });
    expect(identityCells(cells({}), 'US', TODAY)).toEqual({ ok: true, facts: { dateOfBirth: null, idLast4: null, ssnLast4: null } });
  });

  it('names the column of each bad value without echoing it', () => {
    const bad = identityCells(cells({ date_of_birth: '1985-02-30', id_last4: '3101151985041' }), 'CN', TODAY);
    expect(bad).toEqual({ ok: false, errors: [
      'date_of_birth: not a real calendar date from 1900 on (write it as YYYY-MM-DD)',
      'id_last4: has 13 characters: give the last 4 of the ID card number, or the whole number (18 characters, or 15 for an old card)',
    ] });
    expect(JSON.stringify(bad)).not.toContain('3101151985041');
    expect(identityCells(cells({ ssn_last4: '12345' }), 'US', TODAY)).toMatchObject({ ok: false, errors: [expect.stringMatching(/^ssn_last4: has 5 characters/)] });
    expect(identityCells(cells({ ssn_last4: '12a4' }), 'US', TODAY)).toMatchObject({ ok: false, errors: ['ssn_last4: must be digits only'] });
    expect(identityCells(cells({ id_last4: '12X4' }), 'CN', TODAY)).toMatchObject({ ok: false, errors: ['id_last4: must be digits, the last one may be X'] });
    expect(identityCells(cells({ ssn_last4: '6789' }), 'CN', TODAY)).toMatchObject({ ok: false, errors: [expect.stringMatching(/^ssn_last4: is for US accounts/)] });
    expect(identityCells(cells({ id_last4: '123X' }), 'US', TODAY)).toMatchObject({ ok: false, errors: [expect.stringMatching(/^id_last4: is for CN accounts/)] });
    expect(identityCells(cells({ date_of_birth: '2027-01-01' }), 'US', TODAY)).toMatchObject({ ok: false, errors: ['date_of_birth: is after today'] });
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
      'CN-900010,CN,Id,addr,上海市,1,Asia/Shanghai,华东一组,,mobile:+8613800138009,L,P,1,0,1,2025-01-01,1990-02-29,12345,',
      'US-900010,US,Ssn,addr,NY,1,America/New_York,US East,,mobile:+12125550199,L,P,1,0,1,2025-01-01,,,12-345',
      lines[1]!.replace('1985-04-12,31011519850412123X', '1985-04-13,31011519850412123X').replace('CN-900001', 'CN-900011'),
      lines[2]!.replace('CN-900001', 'CN-900011'),
    ].join('\n');
    const path = join(dir, 'bad.csv');
    writeFileSync(path, bad);
    const before = await server.store.counts();
    expect(await admin('import-portfolio', path)).toBe(2);
    const report = err.join('\n');
    expect(err[0]).toContain('8 bad rows; nothing imported');
    expect(report).toMatch(/line 3: account CN-900001: province differ/);
    expect(report).toMatch(/line 4: phone "\+1555123" is not a valid phone number/);
    expect(report).toMatch(/line 5: principal: /);
    expect(report).toMatch(/line 6: account CN-100001 already exists/);
    expect(report).toMatch(/line 7: .*time_zone: .*due_date/);
    expect(report).toContain('line 8: date_of_birth: not a real calendar date from 1900 on (write it as YYYY-MM-DD); id_last4: has 5 characters');
    expect(report).toContain('line 9: ssn_last4: has 5 characters: give the last 4 digits of the SSN, or the whole 9-digit SSN');
    expect(report).not.toContain('12-345');
    expect(report).toContain('line 11: account CN-900011: date_of_birth differ from line 10');
    expect(await server.store.counts()).toEqual(before);
  });

  it('imports the example file in one go, and `assign` moves an account to an agent', async () => {
    const before = await server.store.counts();
    expect(await admin('import-portfolio', EXAMPLE)).toBe(0);
    expect(out[0]).toBe(`Imported 3 accounts with 4 debts from ${EXAMPLE} (2 with identity on file)`);
    const after = await server.store.counts();
    expect(after.accounts - before.accounts).toBe(3);
    expect(after.debts - before.debts).toBe(4);
    const cn = await server.store.getAccount((await server.store.findAccountByRef('CN-900001'))!.id);
    expect(cn!.phones.map((p) => p.number).sort()).toEqual(['+8613800138000', '+862158881234']);
    expect(cn!.debts.map((d) => d.balanceMinor).sort()).toEqual([180000, 512050]);
    expect(cn!.account).toMatchObject({ currency: 'CNY', timeZone: 'Asia/Shanghai' });
    // Identity: the whole ID number was cut to its last four before anything was written; the
    // console's form is a digest the agent's typed answer matches, and a hint without digits.
    expect(await server.store.identity.facts(cn!.account.id)).toEqual({ accountId: cn!.account.id, dateOfBirth: '1985-04-12', idLast4: '123X', ssnLast4: null });
    expect(JSON.stringify(cn!.identity)).not.toMatch(/1985|123X/);
    expect(cn!.identity!.idLast4).toEqual({ digest: identityDigest(cn!.identity!.salt, 'idLast4', '123X'), hint: '••••' });
    const us = await server.store.getAccount((await server.store.findAccountByRef('US-900001'))!.id);
    expect(await server.store.identity.facts(us!.account.id)).toMatchObject({ dateOfBirth: '1979-07-04', idLast4: null, ssnLast4: '6789' });
    const none = await server.store.getAccount((await server.store.findAccountByRef('US-900002'))!.id);
    expect(none!.identity).toBeNull();
    expect(await server.store.identity.facts(none!.account.id)).toBeUndefined();
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
