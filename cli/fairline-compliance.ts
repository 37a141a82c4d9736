// fairline-compliance: check one facts document or audit a contact log against a policy pack,
// without the console. The engine in shared/compliance is pure; this file does the file
// reading, argument parsing and printing around it.
//
//   fairline-compliance check FACTS.json --pack us-regf|cn --at ISO-TIME [--lang en|zh-CN] [--overrides ORG.json]
//   fairline-compliance audit LOG.json --pack us-regf|cn [--lang en|zh-CN] [--overrides ORG.json]
//
// Prints JSON on stdout and exits 0; any bad input (file, JSON, facts, pack, time, option) exits
// 2 with one message per problem on stderr; anything else exits 1.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { audit } from '../shared/compliance/audit';
import { evaluate, type Decision } from '../shared/compliance/evaluate';
import { describeIssues, Facts, FactsDocument } from '../shared/compliance/facts';
import { formatMessage, sourceText, type MessageLanguage } from '../shared/compliance/messages';
import type { Pack } from '../shared/compliance/pack';
import { isPackId, PACKS } from '../shared/compliance/packs';
import { tighten } from '../shared/compliance/tighten';

const USAGE = `usage:
  fairline-compliance check FACTS.json --pack us-regf|cn --at ISO-TIME [--lang en|zh-CN] [--overrides ORG.json]
  fairline-compliance audit LOG.json --pack us-regf|cn [--lang en|zh-CN] [--overrides ORG.json]`;

/** A problem with what the user gave us: exit 2 with these lines. */
export class InputError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError([`cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message}`]);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError([`${what} ${path} is not valid JSON: ${(error as Error).message}`]);
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, root: string, path: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new InputError([`invalid ${root} in ${path}:`, ...describeIssues(result.error, root, schema)]);
  return result.data;
}

function presentDecision(decision: Decision, language: MessageLanguage) {
  return {
    decision: decision.decision,
    packId: decision.packId,
    packVersion: decision.packVersion,
    evaluatedAt: decision.evaluatedAt,
    allowedFrom: decision.allowedFrom,
    reasons: decision.reasons.map((r) => ({
      rule: r.rule,
      severity: r.severity,
      message: formatMessage(r.messageKey, r.params, language),
      source: r.source,
      // The source as the reader reads it: in its own language, with a gloss in theirs.
      sourceInWords: sourceText(r.source, language),
      allowedFrom: r.allowedFrom,
      messageKey: r.messageKey,
      params: r.params,
    })),
  };
}

export function run(argv: string[]): unknown {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        pack: { type: 'string' },
        at: { type: 'string' },
        lang: { type: 'string', default: 'en' },
        overrides: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new InputError([(error as Error).message, USAGE]);
  }
  const { values, positionals } = parsed;
  const [command, file, ...extra] = positionals;
  if (values.help) return { usage: USAGE };
  if (command !== 'check' && command !== 'audit') throw new InputError([command ? `unknown command ${command}` : 'missing command', USAGE]);
  if (!file) throw new InputError([`${command}: missing the ${command === 'check' ? 'FACTS' : 'LOG'}.json file`, USAGE]);
  if (extra.length > 0) throw new InputError([`unexpected argument ${extra[0]}`, USAGE]);
  if (!values.pack) throw new InputError([`--pack is required (one of: ${Object.keys(PACKS).join(', ')})`]);
  if (!isPackId(values.pack)) throw new InputError([`unknown pack ${values.pack} (known: ${Object.keys(PACKS).join(', ')})`]);
  if (values.lang !== 'en' && values.lang !== 'zh-CN') throw new InputError([`unknown --lang ${values.lang} (en or zh-CN)`]);
  const language: MessageLanguage = values.lang;

  let pack: Pack = PACKS[values.pack];
  if (values.overrides) {
    try {
      pack = tighten(pack, readJson(values.overrides, 'overrides file'));
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw new InputError([`overrides ${values.overrides} rejected: ${(error as Error).message}`]);
    }
  }

  if (command === 'check') {
    if (!values.at) throw new InputError(['--at ISO-TIME is required, e.g. --at 2026-03-09T14:00:00-04:00']);
    if (!z.iso.datetime({ offset: true }).safeParse(values.at).success || Number.isNaN(Date.parse(values.at)))
      throw new InputError([`--at ${values.at} is not an ISO 8601 time with offset, e.g. 2026-03-09T14:00:00-04:00 or 2026-03-09T18:00:00Z`]);
    const doc = parseWith(FactsDocument, readJson(file, 'facts file'), 'facts', file);
    const { attempt, ...facts } = doc;
    return presentDecision(evaluate(pack, facts, attempt, new Date(values.at)), language);
  }

  if (values.at) throw new InputError(['audit judges each contact at its own time: --at does not apply']);
  const facts = parseWith(Facts, readJson(file, 'log file'), 'log', file);
  const findings = audit(pack, facts);
  return {
    packId: pack.id,
    packVersion: pack.version,
    contacts: facts.history.length,
    violations: findings.filter((f) => f.decision.decision === 'block').length,
    warnings: findings.filter((f) => f.decision.decision === 'warn').length,
    findings: findings.map((f) => ({
      index: f.index,
      at: f.contact.at,
      channel: f.contact.channel,
      party: f.contact.party,
      ...(f.contact.partyId ? { partyId: f.contact.partyId } : {}),
      ...(f.contact.phoneId ? { phoneId: f.contact.phoneId } : {}),
      result: f.contact.result,
      ...presentDecision(f.decision, language),
    })),
  };
}

export function main(argv: string[]): number {
  try {
    process.stdout.write(`${JSON.stringify(run(argv), null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`fairline-compliance: ${error.lines.join('\n')}\n`);
      return 2;
    }
    process.stderr.write(`fairline-compliance: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
