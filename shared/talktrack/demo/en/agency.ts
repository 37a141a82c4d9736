// Agency stage (en, us-regf): a third-party debt collector calling for the creditor.
import type { TalkTrackInput } from '../../schema';
import { attorney, callback, cease, endings, hardship } from './common';

export const agency: TalkTrackInput = {
  id: 'demo-en-agency',
  version: 1,
  locale: 'en',
  pack: 'us-regf',
  kind: 'agency',
  title: 'Agency collection',
  description: 'The account has been placed with a collection agency: explain who we are and the person’s rights, then look for a resolution.',
  steps: [
    {
      id: 'purpose',
      type: 'say',
      text: 'Thank you, {{salutation}}. {{institution}} has been engaged by {{lender}} to collect the balance on your {{product}} account ending in {{accountRef}}. The balance is {{balance}}.',
    },
    {
      id: 'notice',
      type: 'question',
      text: 'Within five days of our first contact we send a written notice that describes the debt and your rights, including your right to dispute it. Have you received that notice?',
      hint: 'If it was not received, confirm the mailing address before going on (12 CFR 1006.34).',
      answers: [
        { label: 'Yes', next: 'options' },
        { label: 'No, or not sure', next: 'address' },
      ],
    },
    {
      id: 'address',
      type: 'say',
      text: 'I’ll make sure it is sent. Could you confirm the best mailing address for you?',
      hint: 'Update the address in the account if it changed.',
      next: 'options',
    },
    {
      id: 'options',
      type: 'question',
      text: 'How would you like to go about resolving the balance?',
      answers: [
        { label: 'Pay in full', next: 'pay_full' },
        { label: 'A payment plan', next: 'plan' },
        { label: 'Financial hardship', next: 'hardship' },
        { label: 'Disputes the debt', next: 'dispute' },
        { label: 'Doesn’t recognise the debt', next: 'dispute' },
        { label: 'Asks us to stop contacting them', next: 'cease_choice' },
        { label: 'Has an attorney', next: 'attorney' },
        { label: 'Busy, call back later', next: 'callback' },
      ],
    },
    {
      id: 'pay_full',
      type: 'say',
      text: 'Thank you. On what date will you pay {{balance}}? Please pay through {{paymentChannel}} only; we will never ask you to pay any other way.',
      hint: 'Record the promise (amount and date) in the wrap-up.',
      next: 'end_promise',
    },
    {
      id: 'dispute',
      type: 'say',
      text: 'You have the right to dispute all or part of this debt. If you dispute it in writing within the period stated in the notice, we will stop collecting until we have mailed you verification. Which part do you dispute?',
      hint: 'Write down their exact words. Do not argue. The dispute hold takes effect as soon as you save (12 CFR 1006.38).',
    },
    {
      id: 'dispute_noted',
      type: 'say',
      text: 'Thank you, I’ve recorded your dispute. You can also send it to us in writing at the address in the notice.',
      next: 'end_dispute',
    },
    ...hardship,
    ...cease,
    ...attorney,
    ...callback,
    ...endings('end_promise', 'end_extension', 'end_plan', 'end_callback', 'end_dispute', 'end_cease', 'end_stop_number', 'end_contact', 'end_attorney'),
  ],
};
