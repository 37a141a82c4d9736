// Late overdue (en, us-regf): months past due, before placement with an agency.
import type { TalkTrackInput } from '../../schema';
import { attorney, bankruptcy, callback, cease, dispute, endings, hardship } from './common';

export const lateOverdue: TalkTrackInput = {
  id: 'demo-en-late-overdue',
  version: 1,
  locale: 'en',
  pack: 'us-regf',
  kind: 'late-overdue',
  title: 'Late overdue',
  description: 'Seriously past due: stay factual, listen, and look for an arrangement the person can keep.',
  steps: [
    {
      id: 'purpose',
      type: 'say',
      text: 'Thank you, {{salutation}}. I’m calling about your {{lender}} {{product}} account ending in {{accountRef}}. It is now {{daysPastDue}} days past due, with {{amountDue}} past due and a total balance of {{balance}}. I’d like to work with you to find a way to resolve it.',
      hint: 'Stay factual. Never mention an action that is not both intended and lawful (15 U.S.C. 1692e(5)).',
    },
    {
      id: 'situation',
      type: 'question',
      text: 'Could you tell me where things stand for you right now?',
      answers: [
        { label: 'Can pay the past-due amount', next: 'pay_past_due' },
        { label: 'Can’t pay it all, wants a plan', next: 'plan' },
        { label: 'Lost job, illness or other hardship', next: 'hardship' },
        { label: 'Disputes the debt', next: 'dispute' },
        { label: 'Refuses to pay', next: 'refusal' },
        { label: 'Asks us to stop contacting them', next: 'cease_choice' },
        { label: 'Has an attorney', next: 'attorney' },
        { label: 'Has filed for bankruptcy', next: 'bankruptcy' },
        { label: 'Busy, call back later', next: 'callback' },
      ],
    },
    {
      id: 'pay_past_due',
      type: 'say',
      text: 'Thank you, that would bring the account up to date. On what date will you pay {{amountDue}}? Please use {{paymentChannel}} only.',
      hint: 'Record the promise (amount and date) in the wrap-up.',
      next: 'end_promise',
    },
    {
      id: 'refusal',
      type: 'say',
      text: 'I understand, and I won’t pressure you. May I ask why, so that I note it accurately?',
      hint: 'Do not argue, threaten or mention consequences that are not certain.',
    },
    {
      id: 'refusal_close',
      type: 'say',
      text: 'Thank you for telling me. If anything changes, you can reach us at {{callbackNumber}}, {{businessHours}}.',
      next: 'end_refusal',
    },
    ...hardship,
    ...dispute,
    ...cease,
    ...attorney,
    ...bankruptcy,
    ...callback,
    ...endings(
      'end_promise', 'end_extension', 'end_plan', 'end_callback', 'end_dispute', 'end_refusal',
      'end_cease', 'end_stop_number', 'end_contact', 'end_attorney', 'end_bankruptcy',
    ),
  ],
};
