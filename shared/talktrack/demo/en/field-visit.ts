// Field visit (en, us-regf): in person at the debtor's home, after the identity check and the
// mini-Miranda the engine puts first.
import type { TalkTrackInput } from '../../schema';
import { callback, dispute, endings, hardship } from './common';

export const fieldVisit: TalkTrackInput = {
  id: 'demo-en-field-visit',
  version: 1,
  locale: 'en',
  pack: 'us-regf',
  kind: 'field-visit',
  title: 'Field visit',
  description: 'A home visit after calls went unanswered: speak privately, leave when asked, take no payment in person.',
  steps: [
    {
      id: 'purpose',
      type: 'say',
      text: 'Thank you, {{salutation}}. I’m here about your {{lender}} {{product}} account ending in {{accountRef}}, which is {{daysPastDue}} days past due with {{amountDue}} owing. We haven’t been able to reach you by phone, so I wanted to speak with you in person.',
      hint: 'Speak privately: if anyone else is present, ask to talk somewhere private first. Leave at once if asked to.',
    },
    {
      id: 'convenient',
      type: 'question',
      text: 'Is now a convenient time to talk for a few minutes?',
      answers: [
        { label: 'Yes', next: 'situation' },
        { label: 'Not now, another time', next: 'callback' },
        { label: 'Asks you to leave', next: 'leave' },
        { label: 'Asks us to stop contacting them', next: 'cease' },
      ],
    },
    {
      id: 'situation',
      type: 'question',
      text: 'What would help you bring the account up to date?',
      answers: [
        { label: 'Can pay', next: 'pay' },
        { label: 'Wants a payment plan', next: 'plan' },
        { label: 'Financial hardship', next: 'hardship' },
        { label: 'Disputes the debt', next: 'dispute' },
        { label: 'Asks us to stop contacting them', next: 'cease' },
      ],
    },
    {
      id: 'pay',
      type: 'say',
      required: true,
      text: 'Thank you. Please pay only through {{paymentChannel}}. I can’t accept cash, and no one from us will ever ask you to pay into any other account.',
      hint: 'Never take cash, cheques or card details on a visit.',
    },
    {
      id: 'pay_date',
      type: 'say',
      text: 'How much will you pay, and on what date?',
      hint: 'Record the promise (amount and date) in the visit log.',
      next: 'end_promise',
    },
    {
      id: 'leave',
      type: 'say',
      text: 'Of course. I’ll leave now. Thank you, and sorry to have disturbed you.',
      hint: 'Leave immediately. Record the time you left.',
      next: 'end_contact',
    },
    {
      id: 'cease',
      type: 'say',
      text: 'Understood. I’ve recorded your request, and we will stop contacting you about this account. You may receive one letter confirming it. I’ll leave now.',
      hint: 'Do not ask why or try to talk them out of it.',
      next: 'end_cease',
    },
    ...hardship,
    ...dispute,
    ...callback,
    ...endings('end_promise', 'end_extension', 'end_plan', 'end_callback', 'end_dispute', 'end_cease', 'end_contact'),
  ],
};
