// The simulated debtors: every number always behaves the same way, so every outcome a test
// or a developer wants is one dial away. US numbers use 555-0100..0199, the NANP block
// reserved for fiction; CN numbers use the +86 139 0000 01xx block. The last two digits say
// what happens, the same in both countries:
//   00 answers   01 busy   02 no answer   03 not in service   04 voicemail   05 answers late
//   06 a person answers: a short hello, then waits (for answering-machine detection)
import type { Behaviour } from './debtor/protocol';

export type DebtorBehaviour = Exclude<Behaviour, 'manual'> | 'not-in-service' | 'live';

export interface DebtorSpec {
  /** E.164, also the SIP user part it registers as. */
  number: string;
  behaviour: DebtorBehaviour;
  /** How long it rings before answering (answer and voicemail). */
  ringMs: number;
  language: 'en' | 'zh';
  /** The steady tone it sends once answered: the answering tone, or the voicemail beep. */
  toneHz: number | null;
  /** What it says. */
  speech: string | null;
  description: string;
}

/** Tones chosen clear of each other, of the agent phones' and of the DTMF frequencies. */
export const TONES = { answerEn: 2000, answerZh: 2400, voicemailBeep: 1800, agent: 440, agentAlt: 520 } as const;

const EN_HELLO = 'Hello, this is the Fairline lab. You are talking to a simulated debtor.';
const ZH_HELLO = '您好，这里是 Fairline 测试实验室，您正在与模拟债务人通话。';
const EN_VOICEMAIL = 'You have reached the voicemail of a simulated debtor. Please leave a message after the tone.';
const ZH_VOICEMAIL = '您拨打的用户暂时无法接听，请在提示音后留言。';
const EN_LIVE = 'Hello?';
const ZH_LIVE = '喂？';

function family(prefix: string, language: 'en' | 'zh'): DebtorSpec[] {
  const answerHz = language === 'en' ? TONES.answerEn : TONES.answerZh;
  const hello = language === 'en' ? EN_HELLO : ZH_HELLO;
  const voicemail = language === 'en' ? EN_VOICEMAIL : ZH_VOICEMAIL;
  const tone = `${answerHz} Hz tone`;
  const spoken = language === 'en' ? 'an English' : 'a Chinese';
  return [
    { number: `${prefix}00`, behaviour: 'answer', ringMs: 0, language, toneHz: answerHz, speech: hello, description: `answers at once: ${spoken} voice over a ${tone}` },
    { number: `${prefix}01`, behaviour: 'busy', ringMs: 0, language, toneHz: null, speech: null, description: 'busy: 486 Busy Here' },
    { number: `${prefix}02`, behaviour: 'no-answer', ringMs: 0, language, toneHz: null, speech: null, description: 'rings (180) and never answers; the caller gives up' },
    { number: `${prefix}03`, behaviour: 'not-in-service', ringMs: 0, language, toneHz: null, speech: null, description: 'not in service: nobody registers it, the proxy answers 404' },
    { number: `${prefix}04`, behaviour: 'voicemail', ringMs: 2000, language, toneHz: TONES.voicemailBeep, speech: voicemail, description: `voicemail: rings 2 s, answers with ${spoken} greeting, then a ${TONES.voicemailBeep} Hz beep, then listens` },
    { number: `${prefix}05`, behaviour: 'answer', ringMs: 4000, language, toneHz: answerHz, speech: hello, description: `rings 4 s, then answers like ${prefix}00` },
    { number: `${prefix}06`, behaviour: 'live', ringMs: 1000, language, toneHz: null, speech: language === 'en' ? EN_LIVE : ZH_LIVE, description: `rings 1 s; a person answers: "${language === 'en' ? EN_LIVE : ZH_LIVE}", then waits in a quiet room and asks again` },
  ];
}

export const DEBTORS: readonly DebtorSpec[] = [...family('+120255501', 'en'), ...family('+86139000001', 'zh')];

export function debtorSpec(number: string): DebtorSpec {
  const spec = DEBTORS.find((d) => d.number === number);
  if (!spec) throw new Error(`${number} is not a lab debtor; the lab has ${DEBTORS.map((d) => d.number).join(', ')}`);
  return spec;
}

/** Shorthands for tests: `NUMBERS.us.busy` etc. */
export const NUMBERS = {
  us: { answer: '+12025550100', busy: '+12025550101', noAnswer: '+12025550102', notInService: '+12025550103', voicemail: '+12025550104', lateAnswer: '+12025550105', live: '+12025550106' },
  cn: { answer: '+8613900000100', busy: '+8613900000101', noAnswer: '+8613900000102', notInService: '+8613900000103', voicemail: '+8613900000104', lateAnswer: '+8613900000105', live: '+8613900000106' },
} as const;
