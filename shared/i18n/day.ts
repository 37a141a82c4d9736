// The collector's day in both languages: the queue's summary when nothing is workable, the
// training-clock banner, "My callbacks" and the day's own figures (merged into the console's
// catalogue in ./index.ts).
const en = {
  queueSummary: {
    label: 'Why nothing can be called now',
    allBlocked_one: 'Nothing can be called now: the {{count}} account in your queue cannot be called at this time.',
    allBlocked_other: 'Nothing can be called now: none of the {{count}} accounts in your queue can be called at this time.',
    window: '{{rule}}: calls allowed {{from}}–{{to}} {{zone}}, quiet hours {{to}}–{{from}}.',
    reason: 'The first account to open is held back by: {{rule}}.',
    nextAt: 'Next call possible at {{time}} {{zone}} ({{agentTime}} your time, {{agentZone}}), {{in}}.',
    opening_one: '{{count}} account opens then.',
    opening_other: '{{count}} accounts open then.',
    onHold_one: '{{count}} account is on hold until the hold is lifted.',
    onHold_other: '{{count}} accounts are on hold until their holds are lifted.',
    allOnHold: 'Every account is on hold: none will open until a hold is lifted.',
    toast: 'Nothing can be called now. Next call possible at {{time}} {{zone}}, {{in}}.',
    toastOnHold: 'Nothing can be called now: every remaining account is on hold.',
    syncing: 'Fetching your accounts from the central server…',
  },
  training: {
    banner: 'Training mode: the console runs on a set clock ({{time}}), not the real time. Do not call real debtors.',
  },
  nav: {
    callbacks: 'Callbacks',
    day: 'My day',
  },
  callbacks: {
    title: 'My callbacks',
    empty: 'No callbacks scheduled. Schedule one in a call\'s wrap-up.',
    col: { debtor: 'Debtor', debtorTime: 'Debtor\'s time', yourTime: 'Your time', status: 'Status' },
    status: { upcoming: 'Upcoming', due: 'Due now', missed: 'Missed', done: 'Called', replaced: 'Replaced by a later callback' },
    reminder: 'Callback due: {{name}} at {{debtorTime}} (debtor\'s time), {{agentTime}} your time.',
  },
  timelineMore: {
    monitor_started: 'Team lead joined the call',
    monitor_mode: 'Team lead changed how they listen',
    monitor_ended: 'Team lead left the call',
  },
  whyMore: {
    reachUnknown: 'No call history yet: reach around {{hour}}:00 estimated at {{percent}}% from the portfolio',
  },
  day: {
    title: 'My day',
    attempts: 'Call attempts',
    rightPartyContacts: 'Right-party contacts',
    promises: 'Promises to pay',
    promised: 'Amount promised',
    talkTime: 'Talk time',
    wrapUpTime: 'Wrap-up time',
    note: 'Counted from this console\'s log, as the team board counts them.',
    team: 'Team {{total}} · {{perAgent}} per agent',
    teamTotal: 'Team {{total}}',
    teamNote_one: 'Team figures: your team today ({{count}} agent, you included), from the central server.',
    teamNote_other: 'Team figures: your team today ({{count}} agents, you included), from the central server.',
    teamUnavailable: 'Your team\'s figures come from the central server, which cannot be reached now.',
  },
};

const zhCN: typeof en = {
  queueSummary: {
    label: '当前无法拨打的原因',
    allBlocked_one: '当前无法拨打：队列中的 {{count}} 个案件此时都不能拨打。',
    allBlocked_other: '当前无法拨打：队列中的 {{count}} 个案件此时都不能拨打。',
    window: '{{rule}}：允许拨打时段 {{from}}–{{to}}（{{zone}}），静默时段 {{to}}–{{from}}。',
    reason: '最早恢复的案件受以下规则限制：{{rule}}。',
    nextAt: '最早可拨打时间：{{time}}（{{zone}}），即您所在时区 {{agentTime}}（{{agentZone}}），{{in}}。',
    opening_one: '届时有 {{count}} 个案件恢复。',
    opening_other: '届时有 {{count}} 个案件恢复。',
    onHold_one: '{{count}} 个案件暂停联系，解除后才能拨打。',
    onHold_other: '{{count}} 个案件暂停联系，解除后才能拨打。',
    allOnHold: '所有案件均暂停联系：解除前都不能拨打。',
    toast: '当前无法拨打。最早可拨打时间：{{time}}（{{zone}}），{{in}}。',
    toastOnHold: '当前无法拨打：其余案件均暂停联系。',
    syncing: '正在从中心服务器获取您的案件…',
  },
  training: {
    banner: '培训模式：控制台使用设定的时钟（{{time}}），不是真实时间。请勿拨打真实债务人。',
  },
  nav: {
    callbacks: '回呼',
    day: '我的今日',
  },
  callbacks: {
    title: '我的回呼',
    empty: '暂无预约回呼。可在通话小结中预约。',
    col: { debtor: '债务人', debtorTime: '债务人当地时间', yourTime: '您的时间', status: '状态' },
    status: { upcoming: '待回呼', due: '即将到期', missed: '已错过', done: '已回呼', replaced: '已被新的回呼取代' },
    reminder: '回呼提醒：{{name}}，债务人当地时间 {{debtorTime}}，您的时间 {{agentTime}}。',
  },
  timelineMore: {
    monitor_started: '组长加入通话',
    monitor_mode: '组长切换了监听方式',
    monitor_ended: '组长离开通话',
  },
  whyMore: {
    reachUnknown: '暂无通话记录：按整体组合估计 {{hour}}:00 前后接通率约 {{percent}}%',
  },
  day: {
    title: '我的今日',
    attempts: '拨打次数',
    rightPartyContacts: '本人接通',
    promises: '承诺还款',
    promised: '承诺金额',
    talkTime: '通话时长',
    wrapUpTime: '小结时长',
    note: '根据本机记录统计，口径与团队看板一致。',
    team: '团队 {{total}} · 人均 {{perAgent}}',
    teamTotal: '团队 {{total}}',
    teamNote_one: '团队数据：您所在团队今日（共 {{count}} 名坐席，含您本人），来自中心服务器。',
    teamNote_other: '团队数据：您所在团队今日（共 {{count}} 名坐席，含您本人），来自中心服务器。',
    teamUnavailable: '团队数据来自中心服务器，当前无法连接。',
  },
};

export const dayMessages = { en, 'zh-CN': zhCN } as const;
