// Listen, whisper and barge (docs/monitor.md), in both languages; merged into the console's
// catalogue in ./index.ts.
const en = {
  monitor: {
    mode: { listen: 'Listen', whisper: 'Whisper', barge: 'Barge' },
    modeHint: {
      listen: 'Hear both sides. No one hears you.',
      whisper: 'Speak to the agent only. The debtor does not hear you.',
      barge: 'Join the call. The agent and the debtor both hear you.',
    },
    join: "Join {{agent}}'s call",
    joinShort: 'Join',
    connecting: "Calling {{agent}}'s phone…",
    bar: {
      listen: "Listening to {{agent}}'s call",
      whisper: 'Whispering to {{agent}}',
      barge: "In {{agent}}'s call",
    },
    leave: 'Leave the call',
    needsPhone: 'Set up your phone in Settings to join calls.',
    busy: 'Finish your own call first.',
    failed: 'Could not join the call: {{reason}}',
    switchFailed: 'Could not switch to {{mode}}: {{reason}}',
    refusedByAgent: "{{agent}}'s console refused to let you in: {{reason}}",
    unreachable: "Could not reach {{agent}}'s phone (SIP {{status}}).",
    refusal: {
      missing: 'the request carried no grant',
      invalid: 'the grant is not signed by the central server',
      expired: 'the grant has expired',
      other_agent: 'the grant is for another agent',
      other_call: 'the grant is for another call',
      replayed: 'the grant was already used',
      mode_not_granted: 'that mode is not allowed',
      no_key: 'the console cannot check grants (no contact with the central server yet)',
      no_call: 'the agent is no longer on the call',
      busy: 'another team lead is already on the call',
    },
    agent: {
      listen: '{{lead}} (team lead) is listening to this call.',
      whisper: '{{lead}} (team lead) is whispering to you. The debtor cannot hear them.',
      barge: '{{lead}} (team lead) has joined the call. The debtor hears them.',
    },
  },
};

const zhCN: typeof en = {
  monitor: {
    mode: { listen: '监听', whisper: '耳语', barge: '强插' },
    modeHint: {
      listen: '听到双方通话，任何人都听不到您。',
      whisper: '只有坐席能听到您，债务人听不到。',
      barge: '加入通话，坐席和债务人都能听到您。',
    },
    join: '加入 {{agent}} 的通话',
    joinShort: '加入',
    connecting: '正在呼叫 {{agent}} 的话机…',
    bar: {
      listen: '正在监听 {{agent}} 的通话',
      whisper: '正在对 {{agent}} 耳语',
      barge: '已强插 {{agent}} 的通话',
    },
    leave: '退出通话',
    needsPhone: '请先在设置中配置话机，才能加入通话。',
    busy: '请先结束您自己的通话。',
    failed: '无法加入通话：{{reason}}',
    switchFailed: '无法切换到{{mode}}：{{reason}}',
    refusedByAgent: '{{agent}} 的控制台拒绝了您的请求：{{reason}}',
    unreachable: '无法接通 {{agent}} 的话机（SIP {{status}}）。',
    refusal: {
      missing: '请求未携带授权',
      invalid: '授权不是中央服务器签发的',
      expired: '授权已过期',
      other_agent: '授权属于其他坐席',
      other_call: '授权属于另一通电话',
      replayed: '授权已被使用过',
      mode_not_granted: '不允许该模式',
      no_key: '控制台无法验证授权（尚未连接过中央服务器）',
      no_call: '坐席已不在通话中',
      busy: '已有其他组长在通话中',
    },
    agent: {
      listen: '组长 {{lead}} 正在监听本通电话。',
      whisper: '组长 {{lead}} 正在对您耳语，债务人听不到。',
      barge: '组长 {{lead}} 已加入通话，债务人能听到。',
    },
  },
};

export const monitorMessages = { en, 'zh-CN': zhCN } as const;
