// Filling a template for one account: the talk tracks' variables formatted for the template's
// language, and the opt-out notice for its channel. A message with a variable the account cannot
// fill is never sent with a hole in it: `missing` names them and the sender refuses.
import { render, variableValues, type CallContext } from '../talktrack/variables';
import { OPT_OUT_NOTICE } from './opt-out';
import { OPT_OUT_VARIABLE, type MessageTemplate } from './templates';

export interface RenderedMessage {
  subject: string | null;
  body: string;
  /** Variables the account has no value for (shown as [name]). */
  missing: string[];
  /** The opt-out notice the body carries ('' when the template has none). */
  optOutNotice: string;
}

export function renderMessage(template: MessageTemplate, context: CallContext, now: number): RenderedMessage {
  const notice = OPT_OUT_NOTICE[template.channel][template.locale];
  const values = variableValues(context, template.locale, now);
  const fill = (text: string) => {
    const withNotice = text.replace(new RegExp(`\\{\\{\\s*${OPT_OUT_VARIABLE}\\s*\\}\\}`, 'g'), notice);
    return render(withNotice, values, false);
  };
  const body = fill(template.body);
  const subject = template.subject !== undefined ? fill(template.subject) : null;
  const missing = [...new Set([...body.missing, ...(subject?.missing ?? [])])];
  return { subject: subject?.text ?? null, body: body.text, missing, optOutNotice: template.body.includes(OPT_OUT_VARIABLE) ? notice : '' };
}
