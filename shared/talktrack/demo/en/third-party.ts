// Third-party contact (en, us-regf): someone other than the debtor. Location information or a
// callback message only; the debt is never mentioned (12 CFR 1006.10, 15 U.S.C. 1692b, 1692c(b)).
import type { TalkTrackInput } from '../../schema';

export const thirdParty: TalkTrackInput = {
  id: 'demo-en-third-party',
  version: 1,
  locale: 'en',
  pack: 'us-regf',
  kind: 'third-party',
  title: 'Third-party contact',
  description: 'Someone other than the debtor answered: ask how to reach the debtor, or leave a callback message. Never mention a debt.',
  steps: [
    {
      id: 'ask_for',
      type: 'question',
      text: 'Hi, my name is {{agentName}}. I’m trying to reach {{debtorName}}. Would you know how I could get in touch with them?',
      hint: 'Give your own name. Name your employer only if they expressly ask. Ask for location information (home address, phone number, workplace) once only.',
      answers: [
        { label: 'Offers to take a message', next: 'message' },
        { label: 'Gives a phone number or address', next: 'thanks_location' },
        { label: 'Asks who you are or what it is about', next: 'who' },
        { label: 'Says the person is going through a hard time', next: 'hardship' },
        { label: 'Says there must be some mistake', next: 'mistake' },
        { label: 'Asks not to be called again', next: 'decline' },
        { label: 'Never heard of them / wrong number', next: 'wrong_number' },
        { label: 'Says the person has passed away', next: 'deceased' },
      ],
    },
    {
      id: 'message',
      type: 'say',
      text: 'Thank you. Could you please ask {{debtorName}} to call {{agentName}} at {{callbackNumber}}? That’s all, thank you very much.',
      next: 'end_reached',
    },
    {
      id: 'thanks_location',
      type: 'say',
      text: 'Thank you very much, that’s very helpful.',
      hint: 'Record exactly what they said. Do not explain why you need it.',
      next: 'end_reached',
    },
    {
      id: 'who',
      type: 'say',
      text: 'My name is {{agentName}}. It’s a personal business matter for {{debtorName}}, so I’m not able to go into any detail, I’m sorry.',
      hint: 'Only if they expressly ask for your employer may you name it: {{institution}}. Never say it is about a debt.',
    },
    {
      id: 'ask_again',
      type: 'question',
      text: 'Would you be able to pass on a message, or let me know how best to reach them?',
      answers: [
        { label: 'Will pass on a message', next: 'message' },
        { label: 'Gives contact details', next: 'thanks_location' },
        { label: 'Declines', next: 'decline' },
      ],
    },
    {
      id: 'hardship',
      type: 'say',
      text: 'I appreciate you telling me, and I’m sorry to hear it. I’m not able to discuss their affairs with anyone else, but if they call me at {{callbackNumber}} we can talk privately.',
      next: 'end_reached',
    },
    {
      id: 'mistake',
      type: 'say',
      text: 'I understand. I can only talk about it with {{debtorName}} directly. If they would like to, they can reach me at {{callbackNumber}}.',
      next: 'end_reached',
    },
    {
      id: 'decline',
      type: 'say',
      text: 'Of course. I’m sorry to have bothered you, and we won’t call you about this again.',
      hint: 'Record that this person asked not to be contacted again (12 CFR 1006.10(b)(3)).',
      next: 'end_declined',
    },
    {
      id: 'wrong_number',
      type: 'say',
      text: 'I’m sorry, I must have the wrong number. Thank you for your time.',
      next: 'end_wrong',
    },
    {
      id: 'deceased',
      type: 'say',
      text: 'I’m very sorry for your loss. Could you tell me who is looking after their affairs, so that I contact the right person?',
      hint: 'Do not discuss any debt. Note the name and contact of the executor or administrator if offered.',
      next: 'end_deceased',
    },
    { id: 'end_reached', type: 'end', text: 'Thank you, goodbye.', outcome: 'third_party_reached' },
    { id: 'end_declined', type: 'end', text: 'Goodbye.', outcome: 'third_party_reached', hint: 'Note in the wrap-up that they asked not to be contacted.' },
    { id: 'end_wrong', type: 'end', outcome: 'wrong_number' },
    { id: 'end_deceased', type: 'end', text: 'Thank you, and again, I’m sorry for your loss.', outcome: 'deceased' },
  ],
};
