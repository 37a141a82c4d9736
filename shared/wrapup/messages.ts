// Wrap-up texts in English and Simplified Chinese, shaped like the console's i18n catalogues
// (shared/i18n): the `wrapup` group can be merged there as it is. Both languages have the same
// keys (checked at compile time by SameShape and by test/shared/wrapup/messages.test.ts) and
// the same {{placeholders}}. Money parameters (min, max, balance) are minor units and dates ISO
// until formatWrapupError formats them. Hold names are the console's existing `hold.*` keys.
import { interpolate, lookup, type CatalogueLanguage, type LeafKeys, type Params, type SameShape } from './catalogue';
import type { FieldError } from './errors';
import { formatInstant, formatIsoDate, formatMoney } from './format';

const en = {
  wrapup: {
    title: 'Wrap-up',
    shortcutHint: 'Press a letter to pick an outcome',
    holdNotice: 'Logging this outcome places a hold at once: {{hold}}',
    outcome: {
      right_party_contact: 'Spoke with the debtor',
      promise_to_pay: 'Promise to pay',
      payment_plan: 'Payment plan',
      extension_request: 'Asked for more time',
      dispute: 'Disputes the debt',
      refusal: 'Refuses to pay',
      cease_request: 'Asked us to stop contacting them',
      stop_calling_this_number: 'Asked us not to call this number',
      wrong_number: 'Wrong number',
      third_party_reached: 'Reached someone else',
      no_answer: 'No answer',
      voicemail: 'Voicemail, no message left',
      limited_content_message: 'Limited-content message left',
      busy: 'Busy',
      not_in_service: 'Number not in service',
      callback_requested: 'Asked to be called back',
      deceased: 'Debtor deceased',
      bankruptcy: 'Bankruptcy',
      attorney_representation: 'Represented by an attorney',
    },
    contact: {
      conversation: 'Conversation',
      no_answer: 'No answer',
      voicemail: 'Voicemail',
      limited_content_message: 'Limited-content message',
      busy: 'Busy',
      not_in_service: 'Not in service',
      failed: 'Call failed',
    },
    field: {
      outcome: 'Outcome',
      phoneId: 'Phone',
      note: 'Note',
      extensionDate: 'Pay by',
      promise: { amountMinor: 'Amount', dueDate: 'Promised date' },
      plan: { totalMinor: 'Plan total', count: 'Number of instalments', frequency: 'Frequency', firstDate: 'First instalment' },
      callback: { date: 'Callback date', time: 'Callback time' },
      attorney: { name: 'Attorney’s name', phone: 'Attorney’s phone' },
    },
    frequency: { weekly: 'Weekly', fortnightly: 'Every two weeks', monthly: 'Monthly' },
    plan: {
      instalment: 'Instalment {{number}}: {{amount}} on {{date}}',
      summary: '{{count}} instalments totalling {{total}}',
    },
    promiseStatus: { pending: 'Pending', due_today: 'Due today', kept: 'Kept', broken: 'Broken' },
    phraseCategory: {
      threat: 'Threat',
      insult: 'Insult',
      false_legal_claim: 'False legal claim',
      impersonation: 'Impersonation',
      shaming: 'Disclosure or shaming',
      improper_payment: 'Improper payment request',
    },
    phraseFlag: 'This wording may breach collection rules ({{category}}): “{{text}}”',
    error: {
      required: 'Required',
      outcomeUnknown: 'Unknown outcome {{outcome}}',
      noteRequired: 'Add a note for this outcome',
      noteTooLong: 'The note is too long (at most {{max}} characters)',
      phoneRequired: 'Pick the phone this applies to',
      amountNotWhole: 'Enter the amount in whole cents or fen',
      amountNotPositive: 'The amount must be more than zero',
      amountBelowMinimum: 'The amount must be at least {{min}}',
      amountAboveBalance: 'The amount cannot be more than the balance of {{balance}}',
      dateInvalid: 'Not a valid date',
      dateInPast: 'The date cannot be before {{earliest}}',
      dateTooFar: 'The date must be on or before {{latest}} (within {{days}} days)',
      countOutOfRange: 'Choose between {{min}} and {{max}} instalments',
      instalmentBelowMinimum: 'Each instalment must be at least {{min}}: choose fewer instalments',
      planTooLong: 'The last instalment must fall on or before {{latest}} (within {{days}} days)',
      frequencyInvalid: 'Choose weekly, every two weeks or monthly',
      timeInvalid: 'Enter the time as HH:MM',
      timeSkipped: 'That time does not exist on this day (clocks go forward): pick another',
      timeInPast: 'The callback must be in the future',
      callbackTooSoon: 'The callback must be at least {{minutes}} minutes from now',
      callbackTooFar: 'The callback must be within {{days}} days',
      gateBlocked: 'Calling at that time would not be allowed',
      gateBlockedUntil: 'Calling at that time would not be allowed; the earliest allowed time is {{allowedFrom}}',
    },
  },
} as const;

const zhCN = {
  wrapup: {
    title: '通话小结',
    shortcutHint: '按字母键选择结果',
    holdNotice: '记录此结果将立即设置限制：{{hold}}',
    outcome: {
      right_party_contact: '已与本人通话',
      promise_to_pay: '承诺还款',
      payment_plan: '分期还款计划',
      extension_request: '申请延期',
      dispute: '对债务有异议',
      refusal: '拒绝还款',
      cease_request: '要求停止联系',
      stop_calling_this_number: '要求勿拨打此号码',
      wrong_number: '号码错误（非本人）',
      third_party_reached: '联系到第三方',
      no_answer: '无人接听',
      voicemail: '语音信箱（未留言）',
      limited_content_message: '已留简要留言',
      busy: '占线',
      not_in_service: '空号或停机',
      callback_requested: '约定回电',
      deceased: '债务人已身故',
      bankruptcy: '破产',
      attorney_representation: '已委托律师',
    },
    contact: {
      conversation: '通话',
      no_answer: '无人接听',
      voicemail: '语音信箱',
      limited_content_message: '简要留言',
      busy: '占线',
      not_in_service: '空号或停机',
      failed: '呼叫失败',
    },
    field: {
      outcome: '结果',
      phoneId: '电话',
      note: '备注',
      extensionDate: '延期至',
      promise: { amountMinor: '金额', dueDate: '承诺还款日' },
      plan: { totalMinor: '计划总额', count: '期数', frequency: '还款频率', firstDate: '首期还款日' },
      callback: { date: '回电日期', time: '回电时间' },
      attorney: { name: '律师姓名', phone: '律师电话' },
    },
    frequency: { weekly: '每周', fortnightly: '每两周', monthly: '每月' },
    plan: {
      instalment: '第 {{number}} 期：{{date}} 还款 {{amount}}',
      summary: '共 {{count}} 期，合计 {{total}}',
    },
    promiseStatus: { pending: '未到期', due_today: '今日到期', kept: '已履约', broken: '已违约' },
    phraseCategory: {
      threat: '威胁恐吓',
      insult: '侮辱谩骂',
      false_legal_claim: '虚假法律后果',
      impersonation: '冒充公职人员或机构',
      shaming: '向他人曝光',
      improper_payment: '违规收款',
    },
    phraseFlag: '此措辞可能违反催收规范（{{category}}）：“{{text}}”',
    error: {
      required: '必填',
      outcomeUnknown: '未知的结果 {{outcome}}',
      noteRequired: '此结果需要填写备注',
      noteTooLong: '备注过长（最多 {{max}} 个字符）',
      phoneRequired: '请选择适用的电话号码',
      amountNotWhole: '金额须精确到分',
      amountNotPositive: '金额必须大于零',
      amountBelowMinimum: '金额不能低于 {{min}}',
      amountAboveBalance: '金额不能超过欠款余额 {{balance}}',
      dateInvalid: '日期无效',
      dateInPast: '日期不能早于 {{earliest}}',
      dateTooFar: '日期不能晚于 {{latest}}（{{days}} 天内）',
      countOutOfRange: '期数须在 {{min}} 到 {{max}} 之间',
      instalmentBelowMinimum: '每期金额不能低于 {{min}}，请减少期数',
      planTooLong: '最后一期不能晚于 {{latest}}（{{days}} 天内）',
      frequencyInvalid: '请选择每周、每两周或每月',
      timeInvalid: '请按 HH:MM 格式填写时间',
      timeSkipped: '当天此时刻因夏令时调整并不存在，请另选时间',
      timeInPast: '回电时间必须晚于现在',
      callbackTooSoon: '回电时间须至少在 {{minutes}} 分钟之后',
      callbackTooFar: '回电时间须在 {{days}} 天内',
      gateBlocked: '该时间不允许拨打',
      gateBlockedUntil: '该时间不允许拨打，最早可于 {{allowedFrom}} 拨打',
    },
  },
} as const satisfies SameShape<typeof en>;

export const wrapupMessages = { en, 'zh-CN': zhCN } as const satisfies Record<CatalogueLanguage, SameShape<typeof en>>;

export type WrapupMessageKey = LeafKeys<typeof en>;

export function formatWrapupMessage(key: WrapupMessageKey, params: Params, language: CatalogueLanguage): string {
  return interpolate(lookup(wrapupMessages[language], key) ?? key, params);
}

const MONEY_PARAMS = new Set(['min', 'max', 'balance', 'amount', 'total']);
const DATE_PARAMS = new Set(['earliest', 'latest', 'date']);

/**
 * A field error in the agent's language. Money is formatted only for the money fields (an
 * instalment count's `max` is a number), dates in the locale, an allowed-from time in `zone`.
 */
export function formatWrapupError(error: FieldError, language: CatalogueLanguage, options: { currency: string; zone?: string }): string {
  const moneyField = /amount|total/i.test(error.field) || error.messageKey === 'wrapup.error.instalmentBelowMinimum';
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(error.params)) {
    if (moneyField && MONEY_PARAMS.has(name) && typeof value === 'number') params[name] = formatMoney(value, options.currency, language);
    else if (DATE_PARAMS.has(name) && typeof value === 'string') params[name] = formatIsoDate(value, language);
    else if (name === 'allowedFrom' && typeof value === 'string') params[name] = formatInstant(Date.parse(value), options.zone ?? 'UTC', language);
    else params[name] = value;
  }
  return formatWrapupMessage(error.messageKey, params, language);
}
