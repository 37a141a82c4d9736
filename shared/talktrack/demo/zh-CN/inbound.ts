// 客户来电（zh-CN，cn 规则包）：客户主动打进来，同样先核实身份。
import type { TalkTrackInput } from '../../schema';
import { attorney, callback, cease, dispute, endings, hardship } from './common';

export const inbound: TalkTrackInput = {
  id: 'demo-zh-inbound',
  version: 1,
  locale: 'zh-CN',
  pack: 'cn',
  kind: 'inbound',
  title: '客户来电',
  description: '客户主动来电：先弄清来意，解答问题，帮助客户还款或申请帮助。',
  steps: [
    {
      id: 'how_help',
      type: 'question',
      text: '{{salutation}}，感谢您的来电，请问有什么可以帮您？',
      answers: [
        { label: '想还款', next: 'pay' },
        { label: '查询欠款', next: 'balance' },
        { label: '看到未接来电回拨', next: 'returning' },
        { label: '经济上有困难', next: 'hardship' },
        { label: '对欠款有异议', next: 'dispute' },
        { label: '投诉', next: 'complaint' },
        { label: '要求不要再联系', next: 'cease' },
        { label: '已委托律师', next: 'attorney' },
      ],
    },
    {
      id: 'pay',
      type: 'say',
      text: '好的。您目前逾期金额是{{amountDue}}，全部欠款{{balance}}，可以通过{{paymentChannel}}还款。请问您打算还多少、哪天还？',
      hint: '在小结中记录承诺的金额和日期。',
      next: 'end_promise',
    },
    {
      id: 'balance',
      type: 'say',
      text: '我帮您查了一下：您在{{lender}}的{{product}}（尾号{{accountRef}}）全部欠款{{balance}}，其中{{amountDue}}已于{{dueDate}}到期未还。',
      next: 'next_step',
    },
    {
      id: 'returning',
      type: 'say',
      text: '感谢您回电。我们之前联系您，是关于您在{{lender}}的{{product}}（尾号{{accountRef}}），目前有{{amountDue}}已经逾期。',
      next: 'next_step',
    },
    {
      id: 'next_step',
      type: 'question',
      text: '您看接下来想怎么处理？',
      answers: [
        { label: '想还款', next: 'pay' },
        { label: '想分期', next: 'plan' },
        { label: '经济上有困难', next: 'hardship' },
        { label: '对欠款有异议', next: 'dispute' },
        { label: '晚点再联系', next: 'callback' },
        { label: '暂时没有其他问题', next: 'end_contact' },
      ],
    },
    {
      id: 'complaint',
      type: 'say',
      text: '非常抱歉给您带来了不好的体验。我会把您的意见完整记录下来，转给主管处理，并尽快给您回复。',
      hint: '按客户原话记录投诉内容；不辩解、不争执；提供主管回电。',
      next: 'end_contact',
    },
    ...hardship,
    ...dispute,
    ...cease,
    ...attorney,
    ...callback,
    ...endings('end_promise', 'end_extension', 'end_plan', 'end_callback', 'end_dispute', 'end_cease', 'end_attorney', 'end_contact'),
  ],
};
