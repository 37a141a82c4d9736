// 逾期初期（zh-CN，cn 规则包）：逾期几天到一个月。
import type { TalkTrackInput } from '../../schema';
import { alreadyPaid, attorney, callback, cease, dispute, endings, hardship } from './common';

export const earlyOverdue: TalkTrackInput = {
  id: 'demo-zh-early-overdue',
  version: 1,
  locale: 'zh-CN',
  pack: 'cn',
  kind: 'early-overdue',
  title: '逾期初期',
  description: '刚逾期不久：先了解原因，再约定还款日期或方案。',
  steps: [
    {
      id: 'purpose',
      type: 'say',
      text: '{{salutation}}，感谢您的配合。您在{{lender}}的{{product}}（尾号{{accountRef}}）本期{{amountDue}}已于{{dueDate}}到期，目前还没有收到还款，已经逾期{{daysPastDue}}天了。',
    },
    {
      id: 'check_in',
      type: 'question',
      text: '想跟您了解一下，是不是最近遇到什么情况了？',
      answers: [
        { label: '忘记了，马上还', next: 'pay_when' },
        { label: '已经还过了', next: 'already_paid' },
        { label: '经济上有困难', next: 'hardship' },
        { label: '对欠款有异议', next: 'dispute' },
        { label: '要求不要再联系', next: 'cease' },
        { label: '已委托律师', next: 'attorney' },
        { label: '正在忙，晚点再说', next: 'callback' },
      ],
    },
    {
      id: 'pay_when',
      type: 'question',
      text: '没关系，谁都有忙忘的时候。您看今天能处理一下吗？',
      answers: [
        { label: '今天就还', next: 'pay_channel' },
        { label: '这几天内', next: 'pay_channel' },
        { label: '需要更长时间', next: 'hardship_options' },
      ],
    },
    {
      id: 'pay_channel',
      type: 'say',
      text: '好的，我帮您记下了。还款请通过{{paymentChannel}}，不要转给任何个人账户。逾期时间越长，罚息越多，也可能影响您的个人信用记录，所以还是建议您尽早处理。',
      hint: '只陈述合同和征信方面的事实，不得夸大或威胁。在小结中记录承诺的金额和日期。',
      next: 'end_promise',
    },
    ...alreadyPaid,
    ...hardship,
    ...dispute,
    ...cease,
    ...attorney,
    ...callback,
    ...endings('end_promise', 'end_paid', 'end_extension', 'end_plan', 'end_callback', 'end_dispute', 'end_cease', 'end_attorney'),
  ],
};
