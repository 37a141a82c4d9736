// Early overdue (en, us-regf): a few days to a month past due.
import type { TalkTrackInput } from '../../schema';
import { alreadyPaid, attorney, bankruptcy, callback, cease, dispute, endings, hardship } from './common';

export const earlyOverdue: TalkTrackInput = {
  id: 'demo-en-early-overdue',
  version: 1,
  locale: 'en',
  pack: 'us-regf',
  kind: 'early-overdue',
  title: 'Early overdue',
  description: 'A payment was missed: find out why, and agree a date or an arrangement.',
  steps: [
    {
      id: 'purpose',
      type: 'say',
      text: 'Thank you, {{salutation}}. I’m calling about your {{lender}} {{product}} account ending in {{accountRef}}. Our records show that the payment of {{amountDue}} due on {{dueDate}} hasn’t been received, so the account is now {{daysPastDue}} days past due.',
    },
    {
      id: 'check_in',
      type: 'question',
      text: 'Is everything all right? Did something get in the way of the payment?',
      answers: [
        { label: 'Forgot, can pay', next: 'pay_when' },
        { label: 'Already paid', next: 'already_paid' },
        { label: 'Financial difficulty', next: 'hardship' },
        { label: 'Disputes the debt', next: 'dispute' },
        { label: 'Asks us to stop contacting them', next: 'cease_choice' },
        { label: 'Has an attorney', next: 'attorney' },
        { label: 'Has filed for bankruptcy', next: 'bankruptcy' },
        { label: 'Busy, call back later', next: 'callback' },
      ],
    },
    {
      id: 'pay_when',
      type: 'question',
      text: 'That happens, thank you for being upfront. When could you make the payment of {{amountDue}}?',
      answers: [
        { label: 'Today', next: 'pay_channel' },
        { label: 'Within the next week', next: 'pay_channel' },
        { label: 'Needs longer than that', next: 'hardship_options' },
      ],
    },
    {
      id: 'pay_channel',
      type: 'say',
      text: 'Thank you. I’ve noted {{amountDue}} on the date you gave me. You can pay through {{paymentChannel}}; please don’t send payment any other way.',
      hint: 'Record the promise (amount and date) in the wrap-up.',
      next: 'end_promise',
    },
    ...alreadyPaid,
    ...hardship,
    ...dispute,
    ...cease,
    ...attorney,
    ...bankruptcy,
    ...callback,
    ...endings(
      'end_promise', 'end_paid', 'end_extension', 'end_plan', 'end_callback', 'end_dispute',
      'end_cease', 'end_stop_number', 'end_contact', 'end_attorney', 'end_bankruptcy',
    ),
  ],
};
