// The CLI as compliance staff run it: `npx fairline-compliance …` from the repository root.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const example = (name: string) => join(root, 'docs/compliance/examples', name);

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [join(root, 'bin/fairline-compliance.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('fairline-compliance check', { timeout: 60_000 }, () => {
  it('runs as `npx fairline-compliance` from the repository (package.json bin)', () => {
    const result = spawnSync('npx', ['--no-install', 'fairline-compliance', 'check', example('cn-visit-one-collector.json'), '--pack', 'cn', '--at', '2026-06-02T10:00:00+08:00'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ decision: 'block', allowedFrom: null, reasons: [{ rule: 'cn.visit.collectors' }] });
  });

  it('prints the decision as JSON and exits 0', () => {
    const { code, stdout } = cli('check', example('us-seven-in-seven.json'), '--pack', 'us-regf', '--at', '2026-03-08T12:00:00-07:00');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ decision: 'block', packId: 'us-regf', packVersion: '2026.2.0', allowedFrom: '2026-03-09T16:00:00.000Z' });
    expect(out.reasons).toEqual([
      expect.objectContaining({
        rule: 'us.frequency.calls_per_7_days',
        source: '12 CFR 1006.14(b)(2)(i)',
        message: 'Call cap reached for debt card-2291: 7 calls in the last 7 days (limit 7)',
        allowedFrom: '2026-03-09T07:00:00.000Z',
      }),
    ]);
  });

  it('speaks Chinese with --lang zh-CN', () => {
    const { code, stdout } = cli('check', example('cn-quiet-hours.json'), '--pack', 'cn', '--at', '2026-06-02T22:30:00+08:00', '--lang', 'zh-CN');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.decision).toBe('block');
    expect(out.reasons.map((r: { message: string }) => r.message).join('\n')).toMatch(/休息时段.*\n.*接通催收电话 3 次/);
    expect(out.allowedFrom).toBe('2026-06-03T00:00:00.000Z');
  });

  it('applies organisation overrides', () => {
    // 11:30 in New York is 08:30 in San Francisco: inside the federal window, before acme's 09:00.
    const args = ['check', example('us-conflicting-zones.json'), '--pack', 'us-regf', '--at', '2026-06-02T11:30:00-04:00'];
    expect(JSON.parse(cli(...args).stdout).decision).toBe('allow');
    const { code, stdout } = cli(...args, '--overrides', example('org-overrides.json'));
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ decision: 'block', packVersion: '2026.2.0+acme-collections', allowedFrom: '2026-06-02T16:00:00.000Z' });
  });

  it.each([
    [['check', example('invalid-phone.json'), '--pack', 'us-regf', '--at', '2026-03-08T12:00:00Z'], /facts\.debtor\.phones\.0\.number: expected an E\.164 number/],
    [['check', example('missing.json'), '--pack', 'us-regf', '--at', '2026-03-08T12:00:00Z'], /cannot read facts file .*missing\.json: no such file/],
    [['check', example('us-seven-in-seven.json'), '--pack', 'uk', '--at', '2026-03-08T12:00:00Z'], /unknown pack uk \(known: us-regf, cn\)/],
    [['check', example('us-seven-in-seven.json'), '--pack', 'cn', '--at', 'tomorrow'], /--at tomorrow is not an ISO 8601 time/],
    [['check', example('us-seven-in-seven.json'), '--pack', 'cn', '--at', '2026-03-08T12:00:00'], /is not an ISO 8601 time with offset/],
    [['check', example('us-seven-in-seven.json'), '--pack', 'cn'], /--at ISO-TIME is required/],
    [['check', example('us-seven-in-seven.json'), '--pack', 'cn', '--at', '2026-03-08T12:00:00Z', '--lang', 'fr'], /unknown --lang fr/],
    [['frobnicate'], /unknown command frobnicate/],
    [['check', example('us-seven-in-seven.json'), '--pack', 'us-regf', '--at', '2026-03-08T12:00:00Z', '--overrides', example('us-seven-in-seven.json')], /overrides .* rejected: invalid overrides/],
  ])('exits 2 on bad input %#', (args, message) => {
    const { code, stdout, stderr } = cli(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
  });

  it('exits 2 on a file that is not JSON, naming the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-cli-'));
    writeFileSync(join(dir, 'bad.json'), '{ "attempt": ');
    const { code, stderr } = cli('check', join(dir, 'bad.json'), '--pack', 'us-regf', '--at', '2026-03-08T12:00:00Z');
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.json is not valid JSON/);
  });

  it('exits 2 naming a dangling reference', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-cli-'));
    writeFileSync(join(dir, 'f.json'), JSON.stringify({ attempt: { channel: 'call', party: 'third_party', partyId: 'ghost', number: '+12125550123' }, debtor: { id: 'x', address: { country: 'US' } } }));
    const { code, stderr } = cli('check', join(dir, 'f.json'), '--pack', 'us-regf', '--at', '2026-03-08T12:00:00Z');
    expect(code).toBe(2);
    expect(stderr).toMatch(/facts\.attempt\.partyId: no third party with id ghost/);
  });
});

describe('strict facts: a misspelt key is an error naming it (issue 19)', { timeout: 60_000 }, () => {
  const write = (doc: unknown) => {
    const dir = mkdtempSync(join(tmpdir(), 'fairline-cli-'));
    writeFileSync(join(dir, 'f.json'), JSON.stringify(doc));
    return join(dir, 'f.json');
  };
  const base = {
    attempt: { channel: 'call', party: 'debtor', phoneId: 'w', debtIds: [] },
    debtor: { id: 'x', address: { country: 'US', region: 'NY', postalCode: '10001' }, phones: [{ id: 'w', number: '+12125550123', type: 'work' }] },
  };

  it('exits 2 on "hold" for "holds" (a cease hold would be lost) and on "workplaceProhibited", naming each key and what was meant', () => {
    const file = write({ ...base, debtor: { ...base.debtor, hold: [{ kind: 'cease', effectiveAt: '2026-01-01T00:00:00Z' }], workplaceProhibited: true } });
    const { code, stdout, stderr } = cli('check', file, '--pack', 'us-regf', '--at', '2026-03-09T16:00:00Z');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/facts\.debtor\.hold: unknown field \(did you mean holds\?\)/);
    expect(stderr).toMatch(/facts\.debtor\.workplaceProhibited: unknown field \(did you mean workplaceContactProhibited\?\)/);
  });

  it.each([
    ['the attempt', { ...base, attempt: { ...base.attempt, phone: 'w' } }, /facts\.attempt\.phone: unknown field/],
    ['a phone', { ...base, debtor: { ...base.debtor, phones: [{ ...base.debtor.phones[0], timezone: 'America/New_York' }] } }, /facts\.debtor\.phones\.0\.timezone: unknown field \(did you mean timeZone\?\)/],
    ['a consent', { ...base, debtor: { ...base.debtor, consents: [{ scope: 'workplace', givenTo: 'collector', givenAt: '2026-01-01T00:00:00Z', expires: '2027-01-01T00:00:00Z' }] } }, /facts\.debtor\.consents\.0\.expires: unknown field \(did you mean expiresAt\?\)/],
    ['the document', { ...base, histroy: [] }, /facts\.histroy: unknown field \(did you mean history\?\)/],
  ])('in-process run() refuses an unknown key in %s', async (_where, doc, message) => {
    const { run, InputError } = await import('../../../cli/fairline-compliance');
    let error: unknown;
    try {
      run(['check', write(doc), '--pack', 'us-regf', '--at', '2026-03-09T16:00:00Z']);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(message);
  });

  it('audit refuses an unknown key in the log too', async () => {
    const { run } = await import('../../../cli/fairline-compliance');
    const { attempt: _a, ...log } = base;
    expect(() => run(['audit', write({ ...log, history: [{ at: '2026-01-01T00:00:00Z', channel: 'call', party: 'debtor', phoneId: 'w', result: 'no_answer', outcome: 'x' }] }), '--pack', 'us-regf'])).toThrow(/log\.history\.0\.outcome: unknown field/);
  });
});

describe('fairline-compliance audit', { timeout: 60_000 }, () => {
  it('lists every contact that broke the pack when it was made', () => {
    const { code, stdout } = cli('audit', example('cn-audit-log.json'), '--pack', 'cn');
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out).toMatchObject({ packId: 'cn', contacts: 7, violations: 3, warnings: 0 });
    expect(out.findings.map((f: { index: number; reasons: { rule: string }[] }) => [f.index, f.reasons.map((r) => r.rule)])).toEqual([
      [0, ['cn.quiet_hours']],
      [1, ['cn.third_party.debtor_reachable']],
      [5, ['cn.connected_calls_per_day']],
    ]);
  });
});

describe('run() in process (same code the bin runs)', () => {
  it('returns the decision object and throws InputError for bad input', async () => {
    const { run, InputError } = await import('../../../cli/fairline-compliance');
    expect(run(['check', example('cn-visit-one-collector.json'), '--pack', 'cn', '--at', '2026-06-02T10:00:00+08:00'])).toMatchObject({ decision: 'block' });
    expect(() => run(['audit', example('cn-audit-log.json'), '--pack', 'cn', '--at', '2026-06-02T10:00:00+08:00'])).toThrow(InputError);
  });
});
