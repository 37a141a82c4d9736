// Due-day call (en, us-regf): the payment is due today.
import type { TalkTrackInput } from '../../schema';
import { alreadyPaid, callback, cease, dispute, endings, hardship } from './common';

export const dueDay: TalkTrackInput = {
  id: 'demo-en-due-day',
  version: 1,
  locale: 'en',
  pack: 'us-regf',
  kind: 'due-day',
  title: 'Due-day call',
  description: 'The payment is due today: make paying easy, and offer help if it cannot be made.',
  steps: [
    {
      id: 'purpose',
      type: 'say',
      text: 'Thank you, {{salutation}}. I’m calling because the payment of {{amountDue}} on your {{lender}} {{product}} account ending in {{accountRef}} is due today, {{dueDate}}. I wanted to make sure you have everything you need to make it on time.',
    },
    {
      id: 'ask_today',
      type: 'question',
      text: 'Will you be able to make the payment today?',
      answers: [
        { label: 'Yes, today', next: 'pay_today' },
        { label: 'Already paid', next: 'already_paid' },
        { label: 'In a few days', next: 'pay_date' },
        { label: 'Can’t pay right now', next: 'hardship' },
        { label: 'Disputes the amount', next: 'dispute' },
        { label: 'Asks us to stop contacting them', next: 'cease_choice' },
        { label: 'Busy, call back later', next: 'callback' },
      ],
    },
    {
      id: 'pay_today',
      type: 'say',
      text: 'Thank you. The quickest way is {{paymentChannel}}; a payment made there today is credited today. Please only pay through that channel.',
      hint: 'Record today’s date and the amount as the promise.',
      next: 'end_promise',
    },
    {
      id: 'pay_date',
      type: 'question',
      text: 'Thank you. What date would you be able to make the payment?',
      answers: [
        { label: 'Gives a date within the next week', next: 'date_noted' },
        { label: 'Not sure when', next: 'hardship' },
      ],
    },
    {
      id: 'date_noted',
      type: 'say',
      text: 'Thank you, I’ve noted {{amountDue}} on that date. Please keep in mind that after today the account will show as past due until the payment is received.',
      hint: 'Mention fees only as the agreement states them. Record the promise in the wrap-up.',
      next: 'end_promise',
    },
    ...alreadyPaid,
    ...hardship,
    ...dispute,
    ...cease,
    ...callback,
    ...endings('end_promise', 'end_paid', 'end_extension', 'end_plan', 'end_callback', 'end_dispute', 'end_cease', 'end_stop_number', 'end_contact'),
  ],
};
