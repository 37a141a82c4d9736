// 逾期后期（zh-CN，cn 规则包）：逾期数月，委外之前。
import type { TalkTrackInput } from '../../schema';
import { attorney, callback, cease, dispute, endings, hardship } from './common';

export const lateOverdue: TalkTrackInput = {
  id: 'demo-zh-late-overdue',
  version: 1,
  locale: 'zh-CN',
  pack: 'cn',
  kind: 'late-overdue',
  title: '逾期后期',
  description: '逾期较久：如实说明情况，认真倾听，找一个客户能坚持下来的方案。',
  steps: [
    {
      id: 'purpose',
      type: 'say',
      text: '{{salutation}}，感谢您的配合。您在{{lender}}的{{product}}（尾号{{accountRef}}）目前已经逾期{{daysPastDue}}天，逾期金额{{amountDue}}，总欠款{{balance}}。今天来电，是希望和您一起商量一个可行的解决办法。',
      hint: '只陈述事实。不得威胁、恐吓，不得夸大法律后果或冒充司法机关。',
    },
    {
      id: 'situation',
      type: 'question',
      text: '您目前的情况是怎样的？方便跟我说说吗？',
      answers: [
        { label: '能还上逾期金额', next: 'pay_past_due' },
        { label: '一次还不上，想分期', next: 'plan' },
        { label: '失业、生病等困难', next: 'hardship' },
        { label: '对欠款有异议', next: 'dispute' },
        { label: '拒绝还款', next: 'refusal' },
        { label: '要求不要再联系', next: 'cease' },
        { label: '已委托律师', next: 'attorney' },
        { label: '正在忙，晚点再说', next: 'callback' },
      ],
    },
    {
      id: 'pay_past_due',
      type: 'say',
      text: '好的，还上这部分账户就恢复正常了。请问您哪天能还{{amountDue}}？请务必通过{{paymentChannel}}还款。',
      hint: '在小结中记录承诺的金额和日期。',
      next: 'end_promise',
    },
    {
      id: 'refusal',
      type: 'say',
      text: '我理解，也不会勉强您。方便说一下是什么原因吗？我如实记录一下。',
      hint: '不争辩、不威胁，不提任何不确定的后果。',
    },
    {
      id: 'refusal_close',
      type: 'say',
      text: '好的，谢谢您告诉我。之后如果情况有变化，您可以拨打{{callbackNumber}}联系我们，服务时间是{{businessHours}}。',
      next: 'end_refusal',
    },
    ...hardship,
    ...dispute,
    ...cease,
    ...attorney,
    ...callback,
    ...endings('end_promise', 'end_extension', 'end_plan', 'end_callback', 'end_dispute', 'end_refusal', 'end_cease', 'end_attorney'),
  ],
};
