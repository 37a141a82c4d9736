// Answering-machine detection in the call panel (merged into the console's catalogue in
// ./index.ts), and the text of the us-regf pack's limited-content message (its disclosure's
// textKey), which the agent reads to a voicemail.
const en = {
  answering: {
    listening: 'Listening: a person or an answering machine?',
    machine: 'Answering machine',
    limitedContent: 'Leave only this limited-content message, then end the call. The wrap-up is set to “Limited-content message left”.',
    noMessage: 'Leave no message: the {{pack}} rules have no limited-content message. End the call; the wrap-up is set to “Voicemail, no message left”.',
    heuristic: 'Decided by the greeting’s length (the voice model was not available).',
    pack: { cn: 'China', 'us-regf': 'US Regulation F' },
  },
  disclosure: {
    limitedContentMessage: 'Hello, this is {{agent}} calling from {{institution}}. Please call me back at {{callback}}. Thank you.',
  },
};

const zhCN: typeof en = {
  answering: {
    listening: '正在判断接听方：真人还是答录机？',
    machine: '答录机接听',
    limitedContent: '只可留下以下简要留言，然后挂断。结案已选“已留简要留言”。',
    noMessage: '不得留言：{{pack}}规则没有可留的简要留言。请挂断，结案已选“语音信箱（未留言）”。',
    heuristic: '按问候语长度判断（语音模型不可用）。',
    pack: { cn: '中国', 'us-regf': '美国 F 条例' },
  },
  disclosure: {
    limitedContentMessage: '您好，我是{{institution}}的{{agent}}，请回电 {{callback}}。谢谢。',
  },
};

export const answeringMessages = { en, 'zh-CN': zhCN } as const;
