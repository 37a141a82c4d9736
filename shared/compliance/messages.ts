// The engine's own wording of each reason, in English and Simplified Chinese. The console may
// translate `messageKey` + `params` through its catalogue instead; the CLI prints these.
// Placeholders are {{name}}; both languages must use the same ones (messages.test.ts checks).

export const MESSAGES = {
  outsideWindow: {
    en: 'Outside the allowed contact hours {{window}} at the person’s possible location: {{places}}',
    'zh-CN': '不在允许联系的时段 {{window}}（对方可能所在地：{{places}}）',
  },
  outsideStateWindow: {
    en: 'Outside the {{region}} calling window {{window}}: {{places}}',
    'zh-CN': '不在 {{region}} 州规定的通话时段 {{window}} 内：{{places}}',
  },
  quietHours: {
    en: 'Quiet hours: collection contact is allowed only {{window}} Beijing time (now {{places}})',
    'zh-CN': '休息时段：催收联系仅限北京时间 {{window}}（当前 {{places}}）',
  },
  visitHours: {
    en: 'Field visits are allowed only {{window}} Beijing time (now {{places}})',
    'zh-CN': '上门催收仅限北京时间 {{window}}（当前 {{places}}）',
  },
  namedInconvenientTime: {
    en: 'The person said {{window}} on {{days}} is inconvenient',
    'zh-CN': '对方表示 {{days}} 的 {{window}} 不方便接听',
  },
  workplaceProhibited: {
    en: 'Contact at the workplace is prohibited (employer or person said so): {{phone}}',
    'zh-CN': '禁止在工作场所联系（雇主禁止或本人要求）：{{phone}}',
  },
  complianceStale: {
    en: 'The console’s compliance data (holds and the organisation’s rules) was last updated {{at}}: calls wait until it syncs with the central store',
    'zh-CN': '本机合规数据（限制措施与机构规则）最后更新于 {{at}}：与中心系统同步后才能拨打',
  },
  blockedDate: {
    en: 'The organisation blocks contact on {{date}} {{note}}',
    'zh-CN': '本机构规定 {{date}} 不得联系 {{note}}',
  },
  'hold.cease': {
    en: 'The person asked the collector to cease communication (since {{since}})',
    'zh-CN': '对方已要求停止联系（自 {{since}} 起）',
  },
  'hold.dispute': {
    en: 'The debt is disputed: no collection until verification is sent (since {{since}}; debts {{debts}})',
    'zh-CN': '债务存在异议：核实材料寄出前不得催收（自 {{since}} 起；债务 {{debts}}）',
  },
  'hold.attorney': {
    en: 'The person is represented by an attorney: contact the attorney only (since {{since}})',
    'zh-CN': '对方已委托律师：只能联系其律师（自 {{since}} 起）',
  },
  'hold.bankruptcy': {
    en: 'Bankruptcy: collection is stayed (since {{since}})',
    'zh-CN': '已申请破产：暂停一切催收（自 {{since}} 起）',
  },
  'hold.deceased': {
    en: 'The debtor is recorded as deceased (since {{since}})',
    'zh-CN': '债务人已登记为身故（自 {{since}} 起）',
  },
  'hold.do_not_call': {
    en: 'Do not call this number {{phone}} (since {{since}})',
    'zh-CN': '此号码 {{phone}} 已要求勿再来电（自 {{since}} 起）',
  },
  sevenInSeven: {
    en: 'Call cap reached for debt {{debt}}: {{count}} calls in the last 7 days (limit {{limit}})',
    'zh-CN': '债务 {{debt}} 已达通话上限：近 7 天已拨打 {{count}} 次（上限 {{limit}} 次）',
  },
  afterConversation: {
    en: 'A conversation about debt {{debt}} took place at {{conversationAt}}: no call for {{days}} days counting that day',
    'zh-CN': '已于 {{conversationAt}} 就债务 {{debt}} 通话：含当天在内 {{days}} 天内不得再拨打',
  },
  warnUnansweredSameNumber: {
    en: 'A call to this number went unanswered at {{previousAt}}: a second within {{minutes}} minutes may be harassment',
    'zh-CN': '此号码在 {{previousAt}} 未接通：{{minutes}} 分钟内再次拨打可能构成骚扰',
  },
  warnCallsPerDay: {
    en: '{{count}} calls already today: the {{limit}}th in one day may be harassment',
    'zh-CN': '今天已拨打 {{count}} 次：单日第 {{limit}} 次可能构成骚扰',
  },
  warnVoicemailsPerDay: {
    en: '{{count}} voicemails already today: the {{limit}}th in one day may be harassment',
    'zh-CN': '今天已留言 {{count}} 次：单日第 {{limit}} 次可能构成骚扰',
  },
  thirdPartyPurpose: {
    en: 'A third party may be contacted only for {{allowed}}, never to collect',
    'zh-CN': '联系第三方仅限于{{allowed}}，不得向其催收',
  },
  thirdPartyOnce: {
    en: 'This third party was already spoken to at {{previousAt}} and did not ask to be contacted again',
    'zh-CN': '已于 {{previousAt}} 联系过此第三方，且对方未要求再次联系',
  },
  thirdPartyDeclined: {
    en: 'This third party asked not to be contacted again',
    'zh-CN': '此第三方已要求不再联系',
  },
  thirdPartyDebtorReachable: {
    en: 'Third parties may be contacted only once the debtor is unreachable (number invalid or {{calls}} consecutive failed calls)',
    'zh-CN': '仅在无法联系债务人时（号码无效或连续 {{calls}} 次未接通）才可联系第三方',
  },
  connectedPerDay: {
    en: '{{count}} connected collection calls with the debtor today (limit {{limit}}, all agents and agencies together)',
    'zh-CN': '今天已与债务人接通催收电话 {{count}} 次（上限 {{limit}} 次，含所有坐席和委外机构）',
  },
  unansweredPerNumber: {
    en: '{{count}} unanswered attempts to {{phone}} today (limit {{limit}} per number)',
    'zh-CN': '今天已拨打 {{phone}} 未接通 {{count}} 次（每个号码上限 {{limit}} 次）',
  },
  visitCollectors: {
    en: 'A field visit needs at least {{min}} collectors; {{count}} named',
    'zh-CN': '上门催收须至少 {{min}} 名催收员，当前仅 {{count}} 名',
  },
} as const satisfies Record<string, Record<MessageLanguage, string>>;

export type MessageLanguage = 'en' | 'zh-CN';
export type MessageKey = keyof typeof MESSAGES;

export function formatMessage(key: MessageKey, params: Record<string, string | number>, language: MessageLanguage): string {
  return MESSAGES[key][language].replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(params[name] ?? '')).replace(/\s+\)/g, ')').trim();
}
