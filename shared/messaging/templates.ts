// Message templates: versioned data per stage, channel, language and audience, written with the
// talk tracks' {{variables}} (shared/talktrack/variables.ts) and checked the same way (unknown
// variables, stray braces, debt variables where the debt must not be named, prohibited phrases),
// plus what messages need: Regulation F's opt-out notice (12 CFR 1006.6(e)) in every text and
// email to a US consumer, a subject on every email. Every import error names the template (its id
// and version, or its position when it has none) and, where it is about one, the variable.
import { z } from 'zod';
import { Stage } from '../domain/portfolio';
import { TrackLocale, TrackPack } from '../talktrack/schema';
import { isDebtVariable, isVariableName, strayBraces, variablesIn, type VariableName } from '../talktrack/variables';
import { checkNote } from '../wrapup/phrases';

export const MessageChannel = z.enum(['sms', 'email']);
export type MessageChannel = z.infer<typeof MessageChannel>;

/** Who a template is written for: a third party's template may not name the debt in any way. */
export const Audience = z.enum(['debtor', 'third_party']);
export type Audience = z.infer<typeof Audience>;

/** The variable a template marks the place of the opt-out notice with (filled per channel and language, opt-out.ts). */
export const OPT_OUT_VARIABLE = 'optOutNotice';

const TemplateId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'expected lower-case letters, digits and -');

export const MessageTemplate = z.strictObject({
  id: TemplateId.describe('stable across versions'),
  version: z.number().int().positive(),
  channel: MessageChannel,
  locale: TrackLocale,
  pack: TrackPack,
  stage: Stage,
  audience: Audience,
  title: z.string().trim().min(1).max(200).describe('what the agent picks it by'),
  /** Email only. */
  subject: z.string().trim().min(1).max(200).optional(),
  body: z.string().trim().min(1).max(2000),
});
export type MessageTemplate = z.infer<typeof MessageTemplate>;

export const TemplateFile = z.strictObject({
  $comment: z.string().optional(),
  templates: z.array(z.unknown()).min(1).max(500),
});

export type TemplateErrorCode =
  | 'notJson'
  | 'schema'
  | 'duplicate'
  | 'unknownVariable'
  | 'strayBraces'
  | 'debtVariableForThirdParty'
  | 'optOutNoticeMissing'
  | 'subjectMissing'
  | 'subjectOnText'
  | 'prohibitedPhrase';

export interface TemplateError {
  code: TemplateErrorCode;
  /** `id@version`, or `#n` (1-based position in the file) when the template has no readable id. */
  template: string;
  /** The field: `body`, `subject`, `channel`, … */
  field: string;
  /** The variable or phrase it is about, when it is about one. */
  variable?: string;
  message: string;
}

export type TemplateImport = { ok: true; templates: MessageTemplate[] } | { ok: false; errors: TemplateError[] };

/** Names a template may use: every talk-track variable and the opt-out notice. */
export function isTemplateVariable(name: string): name is VariableName | typeof OPT_OUT_VARIABLE {
  return name === OPT_OUT_VARIABLE || isVariableName(name);
}

/** Does Regulation F's opt-out notice (1006.6(e)) have to be in this template? Every US (or any-pack) message to the consumer. */
export function needsOptOutNotice(t: Pick<MessageTemplate, 'pack' | 'audience'>): boolean {
  return t.audience === 'debtor' && (t.pack === 'us-regf' || t.pack === 'any');
}

function nameOf(raw: unknown, index: number): string {
  const r = raw as { id?: unknown; version?: unknown } | null;
  if (r && typeof r.id === 'string' && r.id !== '') return typeof r.version === 'number' ? `${r.id}@${r.version}` : r.id;
  return `#${index + 1}`;
}

/** Check a template file (JSON text or parsed); nothing is accepted unless every template passes. */
export function importTemplates(input: unknown): TemplateImport {
  let json = input;
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input);
    } catch (e) {
      return { ok: false, errors: [{ code: 'notJson', template: '(file)', field: '', message: `Not JSON: ${(e as Error).message}` }] };
    }
  }
  const file = TemplateFile.safeParse(json);
  if (!file.success) {
    return { ok: false, errors: file.error.issues.map((i) => ({ code: 'schema', template: '(file)', field: i.path.join('.'), message: `${i.path.join('.') || '(file)'}: ${i.message}` })) };
  }
  const errors: TemplateError[] = [];
  const templates: MessageTemplate[] = [];
  const seen = new Set<string>();
  file.data.templates.forEach((raw, index) => {
    const name = nameOf(raw, index);
    const parsed = MessageTemplate.safeParse(raw);
    if (!parsed.success) {
      for (const i of parsed.error.issues) {
        const field = i.path.join('.') || '(template)';
        errors.push({ code: 'schema', template: name, field, message: `Template ${name}, ${field}: ${i.message}` });
      }
      return;
    }
    const t = parsed.data;
    if (seen.has(name)) errors.push({ code: 'duplicate', template: name, field: 'id', message: `Template ${name} appears twice in the file` });
    seen.add(name);
    const found = checkTemplate(t, name);
    errors.push(...found);
    if (found.length === 0) templates.push(t);
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, templates };
}

/** The rules a schema cannot state, for one parsed template. */
export function checkTemplate(t: MessageTemplate, name = `${t.id}@${t.version}`): TemplateError[] {
  const errors: TemplateError[] = [];
  const fields: [string, string][] = [['body', t.body]];
  if (t.subject !== undefined) fields.push(['subject', t.subject]);
  if (t.channel === 'email' && t.subject === undefined) errors.push({ code: 'subjectMissing', template: name, field: 'subject', message: `Template ${name}: an email needs a subject` });
  if (t.channel === 'sms' && t.subject !== undefined) errors.push({ code: 'subjectOnText', template: name, field: 'subject', message: `Template ${name}: a text message has no subject` });
  for (const [field, text] of fields) {
    for (const variable of variablesIn(text)) {
      if (!isTemplateVariable(variable)) {
        errors.push({ code: 'unknownVariable', template: name, field, variable, message: `Template ${name}, ${field}: unknown variable {{${variable}}}` });
      } else if (t.audience === 'third_party' && variable !== OPT_OUT_VARIABLE && isDebtVariable(variable)) {
        errors.push({
          code: 'debtVariableForThirdParty', template: name, field, variable,
          message: `Template ${name}, ${field}: {{${variable}}} names the debt, and a third party may not be told about it`,
        });
      }
    }
    if (strayBraces(text)) errors.push({ code: 'strayBraces', template: name, field, message: `Template ${name}, ${field}: unmatched {{ or }}` });
    for (const flag of checkNote(text).flags) {
      errors.push({ code: 'prohibitedPhrase', template: name, field, variable: flag.phrase, message: `Template ${name}, ${field}: prohibited wording (${flag.category}): “${flag.phrase}”` });
    }
  }
  if (needsOptOutNotice(t) && !variablesIn(t.body).includes(OPT_OUT_VARIABLE)) {
    errors.push({
      code: 'optOutNoticeMissing', template: name, field: 'body', variable: OPT_OUT_VARIABLE,
      message: `Template ${name}, body: a ${t.channel === 'sms' ? 'text' : 'email'} to a US consumer must carry the opt-out notice: put {{${OPT_OUT_VARIABLE}}} in it (12 CFR 1006.6(e))`,
    });
  }
  return errors;
}
