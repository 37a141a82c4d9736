// Inbound call (en, us-regf): the debtor calls us. Identity is verified first like any call.
import type { TalkTrackInput } from '../../schema';
import { attorney, cease, dispute, endings, hardship } from './common';

export const inbound: TalkTrackInput = {
  id: 'demo-en-inbound',
  version: 1,
  locale: 'en',
  pack: 'us-regf',
  kind: 'inbound',
  title: 'Inbound call',
  description: 'The debtor called in: find out why, answer their questions, and help them pay or get help.',
  steps: [
    {
      id: 'how_help',
      type: 'question',
      text: 'Thank you for calling, {{salutation}}. How can I help you today?',
      answers: [
        { label: 'Wants to make a payment', next: 'pay' },
        { label: 'Asks about the balance', next: 'balance' },
        { label: 'Returning our call', next: 'returning' },
        { label: 'Financial hardship', next: 'hardship' },
        { label: 'Disputes the debt', next: 'dispute' },
        { label: 'Wants to make a complaint', next: 'complaint' },
        { label: 'Asks us to stop contacting them', next: 'cease_choice' },
        { label: 'Has an attorney', next: 'attorney' },
      ],
    },
    {
      id: 'pay',
      type: 'say',
      text: 'Thank you. The past-due amount is {{amountDue}} and the full balance is {{balance}}. You can pay through {{paymentChannel}}. How much would you like to pay, and when?',
      hint: 'Record the promise (amount and date) in the wrap-up.',
      next: 'end_promise',
    },
    {
      id: 'balance',
      type: 'say',
      text: 'Your balance on the {{lender}} {{product}} account ending in {{accountRef}} is {{balance}}, with {{amountDue}} past due since {{dueDate}}.',
      next: 'anything_else',
    },
    {
      id: 'returning',
      type: 'say',
      text: 'Thank you for calling back. We’ve been trying to reach you about your {{lender}} {{product}} account ending in {{accountRef}}, which has {{amountDue}} past due.',
      next: 'anything_else',
    },
    {
      id: 'anything_else',
      type: 'question',
      text: 'How would you like to go from here?',
      answers: [
        { label: 'Wants to pay', next: 'pay' },
        { label: 'Wants a payment plan', next: 'plan' },
        { label: 'Financial hardship', next: 'hardship' },
        { label: 'Disputes the debt', next: 'dispute' },
        { label: 'Nothing else for now', next: 'end_contact' },
      ],
    },
    {
      id: 'complaint',
      type: 'say',
      text: 'I’m sorry you’ve had that experience. I’ll record your complaint in full and pass it to a supervisor, who will follow up with you.',
      hint: 'Record the complaint in their words. Offer a supervisor callback; do not argue or defend.',
      next: 'end_contact',
    },
    ...hardship,
    ...dispute,
    ...cease,
    ...attorney,
    ...endings('end_promise', 'end_extension', 'end_plan', 'end_callback', 'end_dispute', 'end_cease', 'end_stop_number', 'end_contact', 'end_attorney'),
  ],
};
