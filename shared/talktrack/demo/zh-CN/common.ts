// 中文示范话术的共用分支（困难、异议、停止联系、约定回电、委托律师）和结束语。各话术只引入
// 自己会跳转到的部分；没有任何步骤通向的结束语会被 importTalkTrack 判为无法到达。
import type { StepInput } from '../../schema';

const ENDINGS = {
  end_promise: { text: '好的，那就不多打扰您了，祝您生活愉快，再见。', outcome: 'promise_to_pay' },
  end_contact: { text: '好的，感谢您的接听，祝您生活愉快，再见。', outcome: 'right_party_contact' },
  end_paid: { text: '好的，谢谢您。如果三个工作日后还没有到账，麻烦您拨打{{callbackNumber}}联系我们。再见。', outcome: 'right_party_contact' },
  end_extension: { text: '好的，申请结果出来后我们会第一时间通知您。感谢您的配合，再见。', outcome: 'extension_request' },
  end_plan: { text: '好的，分期方案稍后会以短信发送给您，请注意查收。感谢您的配合，再见。', outcome: 'payment_plan' },
  end_callback: { text: '好的，那我到时候再联系您。再见。', outcome: 'callback_requested' },
  end_dispute: { text: '好的，感谢您的反馈，我们核实后会尽快答复您。再见。', outcome: 'dispute' },
  end_refusal: { text: '好的，感谢您的时间，再见。', outcome: 'refusal' },
  end_cease: { text: '好的，打扰您了，再见。', outcome: 'cease_request' },
  end_attorney: { text: '好的，之后我们会直接与您的律师联系。再见。', outcome: 'attorney_representation' },
} as const;

export type EndingId = keyof typeof ENDINGS;

export function endings(...ids: EndingId[]): StepInput[] {
  return ids.map((id) => ({ id, type: 'end', ...ENDINGS[id] }));
}

export const alreadyPaid: StepInput[] = [
  {
    id: 'already_paid',
    type: 'say',
    text: '好的，感谢您！还款到账有时会有一点延迟。方便告诉我一下您是哪天、通过什么方式还的，还了多少吗？我这边备注一下。',
    hint: '记录还款日期、金额和渠道。不得索要银行卡密码或验证码。',
    next: 'end_paid',
  },
];

export const hardship: StepInput[] = [
  {
    id: 'hardship',
    type: 'say',
    text: '理解的，谢谢您愿意跟我说。方便简单讲一下目前是遇到了什么情况吗？我看看能帮您想什么办法。',
    hint: '耐心倾听，不打断、不评判；只了解找方案所需的信息。不得建议客户借新还旧。',
  },
  {
    id: 'hardship_options',
    type: 'question',
    text: '根据您说的情况，我们可以帮您申请下面几种方式，您看哪种更合适？',
    answers: [
      { label: '延期几天还款', next: 'extension' },
      { label: '分期还款', next: 'plan' },
      { label: '先还一部分', next: 'partial' },
      { label: '暂时没法确定', next: 'check_back' },
    ],
  },
  {
    id: 'extension',
    type: 'say',
    text: '好的，我帮您提交延期申请。请问您最晚哪天能还上？',
    hint: '在小结中填写客户申请的日期。是否批准以机构规定为准，不要当场承诺。',
    next: 'end_extension',
  },
  {
    id: 'plan',
    type: 'say',
    text: '好的，我们一起算一下。您每期大概能还多少比较轻松？第一期想安排在哪天？',
    hint: '用分期计算器核算；以客户提出的金额为准，不要施压加码。',
  },
  {
    id: 'plan_confirm',
    type: 'say',
    required: true,
    text: '我跟您确认一下分期安排：（逐期读出日期和金额）。每期都通过{{paymentChannel}}还款。您看这样可以吗？',
    hint: '逐期读出日期和金额，得到客户明确同意后再保存。',
    next: 'end_plan',
  },
  {
    id: 'partial',
    type: 'say',
    text: '好的，能先还一部分也很好。您看先还多少、哪天能还？',
    hint: '在小结中记录承诺的金额和日期。',
    next: 'end_promise',
  },
  {
    id: 'check_back',
    type: 'say',
    text: '没关系，您先安排一下。您看我哪天再跟您联系比较方便？',
    next: 'end_callback',
  },
];

export const dispute: StepInput[] = [
  {
    id: 'dispute',
    type: 'say',
    text: '好的，您的疑问我们很重视。请问具体是哪一笔、哪部分金额有疑问？',
    hint: '如实记录客户原话，不争辩、不说服。',
  },
  {
    id: 'dispute_noted',
    type: 'say',
    text: '我已经把您的疑问记录下来并提交核实，核实结果会尽快告诉您。核实期间，我们不会就有争议的部分向您催收。',
    next: 'end_dispute',
  },
];

export const cease: StepInput[] = [
  {
    id: 'cease',
    type: 'say',
    text: '好的，我们尊重您的意见，已经记录下来。之后我们不会再就此事主动联系您；您如果需要，可以随时拨打{{callbackNumber}}找我们。',
    hint: '立即记录，不劝说、不追问原因。保存后停止联系立即生效。',
    next: 'end_cease',
  },
];

export const callback: StepInput[] = [
  {
    id: 'callback',
    type: 'say',
    text: '好的，不打扰您了。请问您什么时间方便接听？',
    hint: '在小结中预约回电时间，时间须在允许联系的时段内（北京时间 8:00–22:00）。',
    next: 'end_callback',
  },
];

export const attorney: StepInput[] = [
  {
    id: 'attorney',
    type: 'say',
    text: '好的，明白。方便留一下您律师的姓名和联系电话吗？之后我们会直接和律师沟通。',
    hint: '记录律师姓名和电话；此后不再直接联系客户本人。',
    next: 'end_attorney',
  },
];
