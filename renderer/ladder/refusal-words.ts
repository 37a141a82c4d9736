// A ladder refusal in the lead's words (docs/ladder.md): the gate's own reasons as the messages
// panel words them (renderer/messages/gate-words.ts), the ladder's and the letters' reasons from the
// ladder's catalogue by rule id. The rule id stays beside the words for whoever needs to cite it.
import type { TFunction } from 'i18next';
import { ladderMessages } from '../../shared/i18n/ladder';
import type { Refusal } from '../../shared/ladder/protocol';
import type { Format } from '../app/format';
import { readableParams } from '../features/account/GateStatus';
import { reasonWords, sourceWords } from '../messages/gate-words';

export interface RefusalWords { text: string; source: string | null }

/** The ladder's own rules and the letters' ids as catalogue keys (`ladder.no_mobile` → `ladder_no_mobile`; every `hold.*` → `hold`). */
function catalogueKey(rule: string): string {
  return rule.startsWith('hold.') ? 'hold' : rule.replaceAll('.', '_');
}

type RefusalKey = keyof typeof ladderMessages.en.ladder.refusals;
function isRefusalKey(key: string): key is RefusalKey {
  return Object.hasOwn(ladderMessages.en.ladder.refusals, key);
}

export function refusalWords(r: Refusal, t: TFunction, language: string, format: Format): RefusalWords {
  if (r.messageKey) {
    return { text: reasonWords({ rule: r.rule, messageKey: r.messageKey, params: r.params ?? {} }, language, format), source: r.source ? sourceWords(r.source, language) : null };
  }
  const key = catalogueKey(r.rule);
  if (!isRefusalKey(key)) return { text: r.message, source: null };
  const params: Record<string, string | number> = { ...readableParams(r.params ?? {}, format), message: r.message };
  // Keys built from the refusal's data: checked above or given a fallback, so looked up untyped.
  const words = (k: string, fallback: string, values: object = {}) => (t as unknown as (k: string, o: object) => string)(k, { ...values, defaultValue: fallback });
  if (typeof r.params?.kind === 'string') params.hold = words(`hold.${r.params.kind}`, r.params.kind);
  if (typeof r.params?.region === 'string') params.region = words(`region.${r.params.region}`, r.params.region);
  if (typeof r.params?.language === 'string') params.language = words(`letters.language.${r.params.language}`, r.params.language);
  return { text: words(`ladder.refusals.${key}`, r.message, params), source: null };
}
