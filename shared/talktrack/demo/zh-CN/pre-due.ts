// 还款提醒（zh-CN，cn 规则包）：还款日前几天的温馨提醒。引擎先完成机构与工号告知和身份核实。
import type { TalkTrackInput } from '../../schema';
import { alreadyPaid, callback, cease, dispute, endings, hardship } from './common';

export const preDue: TalkTrackInput = {
  id: 'demo-zh-pre-due',
  version: 1,
  locale: 'zh-CN',
  pack: 'cn',
  kind: 'pre-due',
  title: '还款提醒',
  description: '还款日前的温馨提醒：语气轻松，不施压；客户有困难时尽早给出方案。',
  steps: [
    {
      id: 'purpose',
      type: 'say',
      text: '{{salutation}}，感谢您的配合。今天给您来电是温馨提醒一下：您在{{lender}}的{{product}}（尾号{{accountRef}}）本期应还{{amountDue}}，还款日是{{dueDate}}，还有{{daysUntilDue}}天。',
    },
    {
      id: 'ask_ready',
      type: 'question',
      text: '请问这期还款您这边已经安排好了吗？',
      answers: [
        { label: '已安排，会按时还', next: 'on_time' },
        { label: '已经还过了', next: 'already_paid' },
        { label: '手头有点紧', next: 'hardship' },
        { label: '对账单金额有疑问', next: 'dispute' },
        { label: '要求不要再联系', next: 'cease' },
        { label: '现在不方便，晚点再说', next: 'callback' },
      ],
    },
    {
      id: 'on_time',
      type: 'say',
      text: '好的，谢谢您！还款请认准{{paymentChannel}}，任何让您转账到个人账户的要求都不要理会。',
      hint: '如客户说了具体还款日，在小结中记为承诺还款。',
      next: 'end_promise',
    },
    ...alreadyPaid,
    ...hardship,
    ...dispute,
    ...cease,
    ...callback,
    ...endings('end_promise', 'end_paid', 'end_extension', 'end_plan', 'end_callback', 'end_dispute', 'end_cease'),
  ],
};
