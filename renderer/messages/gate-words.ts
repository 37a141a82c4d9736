// The message gate's reasons in the agent's words: the engine's own reasons (quiet hours at every
// place, holds, caps, third parties) through its catalogue, the message rules (opt-outs, Reg F's
// opt-out notice, third-party content) through the messaging catalogue.
import type { WireReason } from '../../shared/messaging/protocol';
import { formatMessage, MESSAGES, sourceText, type MessageKey } from '../../shared/compliance/messages';
import { messagingMessages } from '../../shared/i18n/messaging';
import type { Format } from '../app/format';
import { readableParams } from '../features/account/GateStatus';
import { formatPhone } from '../features/account/phone-format';

type Lang = 'en' | 'zh-CN';

export function languageOf(language: string): Lang {
  return language === 'zh-CN' ? 'zh-CN' : 'en';
}

export function reasonWords(r: Pick<WireReason, 'messageKey' | 'params' | 'rule'>, language: string, format: Format): string {
  const lang = languageOf(language);
  const params = readableParams(r.params, format);
  if (Object.hasOwn(MESSAGES, r.messageKey)) return formatMessage(r.messageKey as MessageKey, params, lang);
  const texts = messagingMessages[lang].messaging;
  const template = (texts.reasons as Record<string, string>)[r.messageKey];
  if (!template) return r.rule;
  const channel = params.channel === 'sms' || params.channel === 'email' ? texts.channelName[params.channel] : params.channel;
  const filled: Record<string, string | number | undefined> = {
    ...params, channel,
    address: params.channel === 'sms' && typeof params.address === 'string' ? formatPhone(params.address) : params.address,
    details: params.details ? (lang === 'zh-CN' ? `（${params.details}）` : ` (${params.details})`) : '',
  };
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(filled[name] ?? ''));
}

export function sourceWords(source: string, language: string): string {
  return sourceText(source, languageOf(language));
}
