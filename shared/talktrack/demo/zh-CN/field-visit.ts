// 上门拜访（zh-CN，cn 规则包）：至少两人同行、出示证件（引擎先行告知），核实身份后开始。
import type { TalkTrackInput } from '../../schema';
import { callback, cease, dispute, endings, hardship } from './common';

export const fieldVisit: TalkTrackInput = {
  id: 'demo-zh-field-visit',
  version: 1,
  locale: 'zh-CN',
  pack: 'cn',
  kind: 'field-visit',
  title: '上门拜访',
  description: '电话长期联系不上时上门沟通：全程录音录像，私下交谈，对方要求离开即离开，现场不收任何款项。',
  steps: [
    {
      id: 'purpose',
      type: 'say',
      text: '{{salutation}}，感谢您的配合。之前电话一直没能联系上您，所以今天登门拜访，想当面跟您沟通一下{{lender}}{{product}}（尾号{{accountRef}}）的情况：目前已逾期{{daysPastDue}}天，逾期金额{{amountDue}}。',
      hint: '全程录音录像；不在邻居、同事等他人面前谈及欠款；未经允许不进入室内。',
    },
    {
      id: 'convenient',
      type: 'question',
      text: '请问您现在方便聊几分钟吗？',
      answers: [
        { label: '方便', next: 'situation' },
        { label: '现在不方便，改天', next: 'callback' },
        { label: '请我们离开', next: 'leave' },
        { label: '要求不要再联系', next: 'cease' },
      ],
    },
    {
      id: 'situation',
      type: 'question',
      text: '您看这笔款项打算怎么处理？',
      answers: [
        { label: '可以还款', next: 'pay' },
        { label: '想分期', next: 'plan' },
        { label: '经济上有困难', next: 'hardship' },
        { label: '对欠款有异议', next: 'dispute' },
        { label: '拒绝还款', next: 'refusal' },
        { label: '要求不要再联系', next: 'cease' },
      ],
    },
    {
      id: 'pay',
      type: 'say',
      required: true,
      text: '好的，谢谢您。还款请通过{{paymentChannel}}办理。我们现场不收现金，也绝不会让您转账到任何个人账户。',
      hint: '严禁现场收取现金或让客户转账给个人。',
    },
    {
      id: 'pay_date',
      type: 'say',
      text: '请问您打算哪天还、还多少？',
      hint: '在外访记录中填写承诺的金额和日期。',
      next: 'end_promise',
    },
    {
      id: 'leave',
      type: 'say',
      text: '好的，我们这就离开，打扰您了。',
      hint: '立即离开，并记录离开时间。',
      next: 'end_contact',
    },
    {
      id: 'refusal',
      type: 'say',
      text: '我们理解，也不会勉强您。方便说一下原因吗？我们如实记录。之后有任何需要，可以拨打{{callbackNumber}}。',
      hint: '不争辩、不威胁，不在现场停留纠缠。',
      next: 'end_refusal',
    },
    ...hardship,
    ...dispute,
    ...cease,
    ...callback,
    ...endings('end_promise', 'end_extension', 'end_plan', 'end_callback', 'end_dispute', 'end_refusal', 'end_cease', 'end_contact'),
  ],
};
