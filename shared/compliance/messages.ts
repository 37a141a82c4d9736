// The engine's own wording of each reason, in English and Simplified Chinese. The console may
// translate `messageKey` + `params` through its catalogue instead; the CLI prints these.
// Placeholders are {{name}}; both languages must use the same ones (messages.test.ts checks).
// Parameters stay machine-readable (ISO instants, regions, E.164 numbers, encoded places) and are
// worded here, so a decision logged in one language reads in the other.
import { codeText, localTime, phoneText, placesText, regionName } from './present';


export const MESSAGES = {
  outsideWindow: {
    en: 'Outside contact hours at a place the person may be (allowed {{window}} local time): {{places}}',
    'zh-CN': '对方可能所在的某地不在允许联系的时段内（当地时间 {{window}}）：{{places}}',
  },
  outsideStateWindow: {
    en: 'Outside the calling window of {{region}} (allowed {{window}} local time): {{places}}',
    'zh-CN': '不在{{region}}规定的联系时段内（当地时间 {{window}}）：{{places}}',
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
    en: 'The debt is disputed: no collection until verification is sent (since {{since}}[[; debts {{debts}}]])',
    'zh-CN': '债务存在异议：核实材料寄出前不得催收（自 {{since}} 起[[；债务 {{debts}}]]）',
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
    en: 'Do not call {{phone}}: the person asked not to be called on it (since {{since}})',
    'zh-CN': '勿拨打 {{phone}}：对方已要求不再拨打此号码（自 {{since}} 起）',
  },
  'hold.sms_opt_out': {
    en: 'No texts to {{phone}}: the person opted out (since {{since}})',
    'zh-CN': '不得向 {{phone}} 发送短信：对方已退订（自 {{since}} 起）',
  },
  'hold.email_opt_out': {
    en: 'No emails: the person opted out (since {{since}})',
    'zh-CN': '不得发送邮件：对方已退订（自 {{since}} 起）',
  },
  sevenInSeven: {
    en: 'Call cap reached[[ for debt {{debt}}]]: {{count}} calls in the last 7 days (limit {{limit}})',
    'zh-CN': '[[债务 {{debt}} ]]已达通话上限：近 7 天已拨打 {{count}} 次（上限 {{limit}} 次）',
  },
  afterConversation: {
    en: 'Spoke with the person[[ about debt {{debt}}]] at {{conversationAt}}: no call for {{days}} days counting that day',
    'zh-CN': '已于 {{conversationAt}} [[就债务 {{debt}} ]]与对方通话：含当天在内 {{days}} 天内不得再拨打',
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
    en: 'A third party may be contacted only for {{allowed}}, never to collect (the purpose must be recorded)',
    'zh-CN': '联系第三方仅限于{{allowed}}，不得向其催收（须记录联系目的）',
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
  stateContactCap: {
    en: '{{region}} limit reached[[ for debt {{debt}}]]: {{count}} telephone or text communications to {{numbers}} in {{days}} days (limit {{limit}})',
    'zh-CN': '已达{{region}}的联系上限[[（债务 {{debt}}）]]：{{days}} 天内已向{{numbers}}进行电话或短信联系 {{count}} 次（上限 {{limit}} 次）',
  },

} as const satisfies Record<string, Record<MessageLanguage, string>>;

export type MessageLanguage = 'en' | 'zh-CN';
export type MessageKey = keyof typeof MESSAGES;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A parameter as a person reads it: ISO instants as local time at the person's place (`zone`
 * parameter) with the zone's label; `places` as states, provinces or cities with their local
 * time; regions by name; phone numbers as dialled; codes in words.
 */
export function readParam(name: string, value: string | number, params: Record<string, string | number>, language: MessageLanguage): string {
  if (typeof value === 'number') return String(value);
  const zone = typeof params.zone === 'string' && params.zone ? params.zone : 'UTC';
  switch (name) {
    case 'places': return placesText(value, typeof params.now === 'number' ? params.now : null, language);
    case 'region': return regionName(value, language);
    case 'phone': return phoneText(value);
    case 'days': return value.split(', ').map((d) => codeText(d, language)).join(language === 'zh-CN' ? '、' : ', ');
    case 'allowed':
    case 'numbers': return codeText(value, language);
  }
  if (ISO_INSTANT.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return localTime(ms, zone, language);
  }
  return value;
}

/**
 * A message in `language` with its parameters read for people (readParam). A part in [[…]] is
 * left out when every parameter in it is empty (a dispute naming no debt).
 */
export function formatMessage(key: MessageKey, params: Record<string, string | number>, language: MessageLanguage): string {
  const fill = (text: string) => text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
    const value = params[name];
    return value === undefined || value === '' ? '' : readParam(name, value, params, language);
  });
  return MESSAGES[key][language]
    .replace(/\[\[(.*?)\]\]/g, (_, part: string) => ([...part.matchAll(/\{\{(\w+)\}\}/g)].every(([, n]) => params[n!] === undefined || params[n!] === '') ? '' : part))
    .replace(/\{\{(\w+)\}\}/g, (match) => fill(match))
    .replace(/\s+\)/g, ')')
    .replace(/\s+）/g, '）')
    .trim();
}

/**
 * A legal source as the reader sees it: in its own language, with a gloss in the reader's when
 * the two differ ("12 CFR 1006.6(b)(1)(i)" reads in zh-CN with "美国《F 条例》（债务催收规则）").
 */
export function sourceText(source: string, language: MessageLanguage): string {
  if (language === 'zh-CN') source = chineseNames(source);
  const glosses = SOURCE_GLOSSES.filter((g) => g.match.test(source)).map((g) => (language === 'zh-CN' ? g['zh-CN'] : g.en)).filter((g): g is string => g !== undefined);
  if (glosses.length === 0) return source;
  const gloss = [...new Set(glosses)].join(language === 'zh-CN' ? '；' : '; ');
  return language === 'zh-CN' ? `${source}（${gloss}）` : `${source} (${gloss})`;
}

/**
 * Chinese texts that the packs cite by their English names, under their own names for a
 * Chinese reader ("NIFA convention (2018) arts. 13, 14" reads "中国互联网金融协会自律公约（2018）第 13、14 条").
 */
const CHINESE_NAMES: [RegExp, string | ((...m: string[]) => string)][] = [
  [/NIFA convention \((\d{4})\)/g, '中国互联网金融协会自律公约（$1）'],
  [/NIFA post-loan collection guideline \((\d{4})\)/g, '中国互联网金融协会贷后催收指引（$1）'],
  [/CBA consumer-loan collection guideline \((\d{4})\)/g, '中国银行业协会消费贷款催收指引（$1）'],
  [/CBA guideline \((\d{4})\)/g, '中国银行业协会指引（$1）'],
  [/Personal Information Protection Law/g, '《个人信息保护法》'],
  [/account hold filed by compliance staff \(lender instruction\)/g, '合规人员按贷方指令登记的账户限制'],
  [/ \(debt never disclosed to third parties\)/g, '（不得向第三方透露债务）'],
];
const CHINESE_NAME_START = /^(NIFA|CBA|Personal Information|account hold filed)/;

function chineseNames(source: string): string {
  if (source === 'organisation override') return '本机构自定规则';
  // Only a source made of Chinese texts is rewritten; foreign law keeps its own name (and a gloss).
  const parts = source.split('; ');
  if (!parts.every((p) => CHINESE_NAME_START.test(p) || /^GB\/T /.test(p))) return source;
  let text = source;
  for (const [pattern, name] of CHINESE_NAMES) text = text.replace(pattern, name as string);
  return text
    .replace(/ arts?\. ([\d, ]+\d)/g, (_, n: string) => `第 ${n.split(/,\s*/).join('、')} 条`)
    .replace(/; /g, '；');
}

/** Glosses of the sources the packs cite: Chinese for English-language law, English for Chinese. */
const SOURCE_GLOSSES: { match: RegExp; en?: string; 'zh-CN'?: string }[] = [
  { match: /12 CFR 1006/, 'zh-CN': '美国联邦法规第 12 编第 1006 部分，即消费者金融保护局《F 条例》（债务催收规则）' },
  { match: /11 U\.S\.C\. 362/, 'zh-CN': '美国《破产法》自动中止条款' },
  { match: /940 CMR 7/, 'zh-CN': '马萨诸塞州总检察长《债权人催收条例》' },
  { match: /209 CMR 18/, 'zh-CN': '马萨诸塞州银行业监管署《债务催收机构条例》' },
  { match: /Watkins v\. Glenn/, 'zh-CN': '马萨诸塞州最高法院判例（未接听但可留言的来电计入次数）' },
  { match: /NRS 649/, 'zh-CN': '内华达州修订法规第 649 章（催收机构）' },
  { match: /73 P\.S\. § 2270/, 'zh-CN': '宾夕法尼亚州《公平信用展期统一法》' },
  { match: /docs\/compliance\/sources\.md/, 'zh-CN': '本产品随附的法规出处说明' },
  { match: /GB\/T 45251/, en: 'Chinese national standard on collection of consumer loans' },
  { match: /中国银行业协会/, en: 'China Banking Association consumer-loan collection guideline' },
  { match: /中国互联网金融协会/, en: 'National Internet Finance Association of China' },
  { match: /贷方指令|合规人员登记/, en: 'account hold filed by compliance staff on the lender’s instruction' },
  { match: /机构自定规则/, en: 'organisation’s own rule' },
  { match: /organisation override/, 'zh-CN': '本机构自定规则' },
];
