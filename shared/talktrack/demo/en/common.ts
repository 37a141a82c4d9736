// Branches every English demo track offers in the same words (hardship, dispute, cease,
// callback, attorney, bankruptcy) and the closing lines. Tracks include the ones they branch
// to; importTalkTrack rejects a track with a closing line nothing leads to.
import type { StepInput } from '../../schema';

const ENDINGS = {
  end_promise: { text: 'Thank you for your time, {{salutation}}. Have a good day.', outcome: 'promise_to_pay' },
  end_contact: { text: 'Thank you for your time, {{salutation}}. Have a good day.', outcome: 'right_party_contact' },
  end_paid: { text: 'Thank you. If it hasn’t shown up within three business days, please call us at {{callbackNumber}}. Have a good day.', outcome: 'right_party_contact' },
  end_extension: { text: 'Thank you. We’ll let you know once your request has been reviewed.', outcome: 'extension_request' },
  end_plan: { text: 'Thank you, {{salutation}}. You’ll receive the plan in writing. Have a good day.', outcome: 'payment_plan' },
  end_callback: { text: 'Thank you. I’ll call you back then.', outcome: 'callback_requested' },
  end_dispute: { text: 'Thank you for letting us know, {{salutation}}.', outcome: 'dispute' },
  end_refusal: { text: 'Thank you for your time, {{salutation}}.', outcome: 'refusal' },
  end_cease: { text: 'Thank you, goodbye.', outcome: 'cease_request' },
  end_stop_number: { text: 'Thank you, goodbye.', outcome: 'stop_calling_this_number' },
  end_attorney: { text: 'Thank you. We’ll be in touch with your attorney from now on. Goodbye.', outcome: 'attorney_representation' },
  end_bankruptcy: { text: 'Thank you for letting us know. Goodbye.', outcome: 'bankruptcy' },
} as const;

export type EndingId = keyof typeof ENDINGS;

export function endings(...ids: EndingId[]): StepInput[] {
  return ids.map((id) => ({ id, type: 'end', ...ENDINGS[id] }));
}

export const alreadyPaid: StepInput[] = [
  {
    id: 'already_paid',
    type: 'say',
    text: 'Thank you for letting me know. Payments can take a couple of business days to show. Could you tell me the date and the amount, so I can make a note?',
    hint: 'Note the date, amount and method. Never ask for card numbers or bank log-ins.',
    next: 'end_paid',
  },
];

export const hardship: StepInput[] = [
  {
    id: 'hardship',
    type: 'say',
    text: 'I’m sorry to hear that, and thank you for telling me. Would you mind telling me a little about what has changed, so I can see what we can do?',
    hint: 'Listen without interrupting. Ask only what you need to find an option. Never suggest borrowing to pay.',
  },
  {
    id: 'hardship_options',
    type: 'question',
    text: 'Thank you for explaining. Here is what we may be able to do. Which would suit you better?',
    answers: [
      { label: 'A little more time to pay', next: 'extension' },
      { label: 'Smaller payments over time', next: 'plan' },
      { label: 'Pay part now, the rest later', next: 'partial' },
      { label: 'Can’t commit to anything yet', next: 'check_back' },
    ],
  },
  {
    id: 'extension',
    type: 'say',
    text: 'I can ask for more time. What date would you be able to pay by?',
    hint: 'Enter the requested date in the wrap-up. Approval is the creditor’s decision: do not promise it.',
    next: 'end_extension',
  },
  {
    id: 'plan',
    type: 'say',
    text: 'Let’s find a plan you can keep. How much could you comfortably pay, how often, and when would you like the first payment to be?',
    hint: 'Use the plan calculator. Do not push for more than they offer.',
  },
  {
    id: 'plan_confirm',
    type: 'say',
    required: true,
    text: 'Let me read the plan back to you: each payment, its date and amount, all through {{paymentChannel}}. Does that work for you?',
    hint: 'Read every instalment aloud and get a clear yes before saving.',
    next: 'end_plan',
  },
  {
    id: 'partial',
    type: 'say',
    text: 'Thank you, every payment helps. How much could you pay, and on what date?',
    hint: 'Record the promise (amount and date) in the wrap-up.',
    next: 'end_promise',
  },
  {
    id: 'check_back',
    type: 'say',
    text: 'That’s completely understandable. When would be a good time for me to check back with you?',
    next: 'end_callback',
  },
];

export const dispute: StepInput[] = [
  {
    id: 'dispute',
    type: 'say',
    text: 'I understand. Could you tell me which part you believe is wrong?',
    hint: 'Write down their exact words. Do not argue or try to change their mind.',
  },
  {
    id: 'dispute_noted',
    type: 'say',
    text: 'Thank you. I’ve recorded your dispute. We’ll look into it and send you our response in writing, and we won’t ask you to pay the disputed amount until we have. You can also dispute it in writing if you prefer.',
    next: 'end_dispute',
  },
];

export const cease: StepInput[] = [
  {
    id: 'cease_choice',
    type: 'question',
    text: 'I understand. Would you like us to stop all contact about this account, or only stop calling this number?',
    answers: [
      { label: 'Stop all contact', next: 'cease' },
      { label: 'Stop calling this number', next: 'stop_number' },
      { label: 'Only not at certain times or at work', next: 'inconvenient' },
    ],
  },
  {
    id: 'cease',
    type: 'say',
    text: 'Understood. I’ve recorded your request, and we will stop contacting you about this account. You may receive one letter confirming it.',
    hint: 'Do not ask why or try to talk them out of it. The cease hold takes effect as soon as you save.',
    next: 'end_cease',
  },
  {
    id: 'stop_number',
    type: 'say',
    text: 'Understood, we won’t call this number again. Is there another way you’d prefer us to reach you?',
    next: 'end_stop_number',
  },
  {
    id: 'inconvenient',
    type: 'say',
    text: 'Thank you. Which days or times are not convenient for you? I’ll make sure we don’t call then.',
    hint: 'Record the days and hours in the note: they are binding from now on.',
    next: 'end_contact',
  },
];

export const callback: StepInput[] = [
  {
    id: 'callback',
    type: 'say',
    text: 'Of course. When would be a better time to reach you?',
    hint: 'Schedule the callback in the wrap-up; the calling rules must allow that time.',
    next: 'end_callback',
  },
];

export const attorney: StepInput[] = [
  {
    id: 'attorney',
    type: 'say',
    text: 'Thank you for letting me know. Could you give me your attorney’s name and phone number? From now on we’ll contact them instead of you.',
    hint: 'Once an attorney is known, do not contact the consumer directly (12 CFR 1006.6(b)(2)).',
    next: 'end_attorney',
  },
];

export const bankruptcy: StepInput[] = [
  {
    id: 'bankruptcy',
    type: 'say',
    text: 'Thank you for telling me. Could you give me the case number, or the name of your bankruptcy attorney? We’ll stop collection while we confirm it.',
    hint: 'Ask nothing further about the debt: the automatic stay applies (11 U.S.C. 362).',
    next: 'end_bankruptcy',
  },
];
