// Opting out of a channel: the notice every text and email carries (12 CFR 1006.6(e) asks for a
// clear and conspicuous, reasonable and simple way to opt out of electronic communications), and
// reading an inbound reply as an opt-out. Replies are read generously: a stop request honoured by
// mistake costs one channel, one ignored breaks the law.
import type { TrackLocale } from '../talktrack/schema';
import type { MessageChannel } from './templates';

/** The notice filled in for {{optOutNotice}}, in the template's language. */
export const OPT_OUT_NOTICE: Record<MessageChannel, Record<TrackLocale, string>> = {
  sms: {
    en: 'Reply STOP to opt out of texts.',
    'zh-CN': '回复“退订”不再接收短信。',
  },
  email: {
    en: 'To stop emails from us, reply STOP to this email.',
    'zh-CN': '如不希望再收到此类邮件，请直接回复“退订”。',
  },
};

/** Whole replies that mean stop (carriers' common keywords, and 回T/TD as Chinese senders use them). */
const WHOLE = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'OPT OUT', 'T', 'TD', '退订', '取消', '退订短信', '取消订阅']);
/** Words that mean stop wherever they stand in a reply. */
const ANYWHERE = [/\bstop\b/i, /\bunsubscribe\b/i, /\bopt[ -]?out\b/i, /退订/, /取消订阅/, /不要再发/, /别再发/];

/** Is this inbound reply a request to stop the channel? */
export function isStopReply(text: string): boolean {
  const plain = text.normalize('NFKC').trim().replace(/^[\s"'“”‘’「」。.!！?？,，]+|[\s"'“”‘’「」。.!！?？,，]+$/g, '').toUpperCase();
  if (plain === '') return false;
  if (WHOLE.has(plain)) return true;
  return ANYWHERE.some((re) => re.test(plain));
}
