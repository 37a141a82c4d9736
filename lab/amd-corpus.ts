// A small corpus for answering-machine detection, made at run time (live-answer.ts): people
// answering and machines greeting, in English and Chinese, with different voices, speeds,
// lengths, room noise and beeps, and a few hard cases on each side (a person who answers with a
// long sentence, a greeting with no beep). The bench (test/bench/amd.bench.ts) scores the
// detector on it; the labels are what a collector would have found on the line.
import { liveAnswer, machineGreeting } from './live-answer';

export type AmdLabel = 'human' | 'machine';

export interface AmdClip {
  name: string;
  label: AmdLabel;
  language: 'en' | 'zh';
  /** A 48 kHz mono WAV. */
  file: string;
}

interface Spec {
  name: string;
  label: AmdLabel;
  language: 'en' | 'zh';
  make(dir: string, name: string): Promise<string>;
}

const human = (name: string, language: 'en' | 'zh', text: string, voice: string, options: Parameters<typeof liveAnswer>[4] = {}): Spec =>
  ({ name, label: 'human', language, make: (dir, n) => liveAnswer(dir, n, text, voice, options) });
const machine = (name: string, language: 'en' | 'zh', text: string, voice: string, options: Parameters<typeof machineGreeting>[4] = {}): Spec =>
  ({ name, label: 'machine', language, make: (dir, n) => machineGreeting(dir, n, text, voice, options) });

const SPECS: readonly Spec[] = [
  human('en-hello', 'en', 'Hello?', 'en-us', { again: 'Hello? Who is this?' }),
  human('en-hello-female', 'en', 'Hello?', 'en-us+f3', { leadIn: 0.6, wpm: 170 }),
  human('en-yeah', 'en', 'Yeah, hello?', 'en-gb', { noise: 0.01 }),
  human('en-hi-whos-this', 'en', "Hi, who's this?", 'en-us+m3', { leadIn: 0.4, breathAt: 0.6 }),
  human('en-speaking', 'en', 'Maria speaking.', 'en-us+f2', { wpm: 180 }),
  human('en-street', 'en', 'Hello?', 'en-gb+m2', { noise: 0.03, breathAt: 0.4, again: 'Hello?' }),
  human('en-long-answer', 'en', "Hello, this is Maria Lopez speaking, how can I help you today?", 'en-us+f3', { wpm: 175 }),
  human('zh-wei', 'zh', '喂？', 'cmn', { again: '喂，哪位？' }),
  human('zh-wei-ni-hao', 'zh', '喂，你好。', 'cmn+f3', { leadIn: 0.5 }),
  human('zh-na-wei', 'zh', '喂，哪位？', 'cmn+m3', { noise: 0.01, wpm: 180 }),
  human('zh-ni-hao', 'zh', '你好。', 'cmn+f2', { breathAt: 0.5 }),
  human('zh-street', 'zh', '喂？', 'cmn', { noise: 0.03, breathAt: 0.3, again: '喂？' }),
  human('zh-shuo-ba', 'zh', '喂，你说。', 'cmn+m2', { leadIn: 0.8 }),
  human('zh-long-answer', 'zh', '喂，你好，我是李娜，请问有什么事吗？', 'cmn+f3', { wpm: 175 }),
  machine('en-lab', 'en', 'You have reached the voicemail of a simulated debtor. Please leave a message after the tone.', 'en-us'),
  machine('en-carrier', 'en', 'The person you are calling is not available. At the tone, please record your message.', 'en-gb+f2', { beepHz: 1000, beepSeconds: 0.5 }),
  machine('en-personal', 'en', "Hi, you've reached Sam. I can't take your call right now, leave a message.", 'en-us+m3', { beepHz: 1400, wpm: 170 }),
  machine('en-short', 'en', "It's Jo, leave a message.", 'en-us+f3', { beepHz: 850, beepSeconds: 0.4, wpm: 170 }),
  machine('en-slow', 'en', 'Thank you for calling. Nobody is available to take your call. Please leave your name and number.', 'en-us+f2', { wpm: 130, leadIn: 0.5 }),
  machine('en-no-beep', 'en', 'Hi, this is Alex. Leave a message.', 'en-gb+m3', { beepHz: null }),
  machine('en-fast', 'en', 'Hey, you have reached the Smiths, we are not home, you know what to do.', 'en-us+m2', { wpm: 200, beepHz: 440, beepSeconds: 0.3 }),
  machine('zh-lab', 'zh', '您拨打的用户暂时无法接听，请在提示音后留言。', 'cmn'),
  machine('zh-carrier', 'zh', '您好，您拨打的电话暂时无人接听，请在嘀声后留言，录音完毕请挂机。', 'cmn+f3', { beepHz: 1000, beepSeconds: 0.5 }),
  machine('zh-personal', 'zh', '你好，我现在不方便接电话，请留言，我会尽快回复。', 'cmn+m3', { beepHz: 1400, wpm: 170 }),
  machine('zh-short', 'zh', '请留言。', 'cmn+f2', { beepHz: 850, beepSeconds: 0.4 }),
  machine('zh-slow', 'zh', '您好，欢迎致电。现在无人接听，请留下您的姓名和电话号码。', 'cmn', { wpm: 130, leadIn: 0.5 }),
  machine('zh-no-beep', 'zh', '你好，我是小王，现在不方便接听，请稍后再拨。', 'cmn+m2', { beepHz: null }),
  machine('zh-fast', 'zh', '您好，机主暂时无法接听您的电话，请在提示音后留言。', 'cmn+f2', { wpm: 200, beepHz: 440, beepSeconds: 0.3 }),
];

/** Makes every clip in `dir` (a few seconds of espeak-ng and sox on one core). */
export async function makeAmdCorpus(dir: string): Promise<AmdClip[]> {
  const clips: AmdClip[] = [];
  // One after another: the machine's two cores are shared.
  for (const spec of SPECS) clips.push({ name: spec.name, label: spec.label, language: spec.language, file: await spec.make(dir, spec.name) });
  return clips;
}
