// 到期日提醒（zh-CN，cn 规则包）：今天是还款日。
import type { TalkTrackInput } from '../../schema';
import { alreadyPaid, callback, cease, dispute, endings, hardship } from './common';

export const dueDay: TalkTrackInput = {
  id: 'demo-zh-due-day',
  version: 1,
  locale: 'zh-CN',
  pack: 'cn',
  kind: 'due-day',
  title: '到期日提醒',
  description: '今天是还款日：提醒客户当天还款，说明官方渠道；还不上的给出方案。',
  steps: [
    {
      id: 'purpose',
      type: 'say',
      text: '{{salutation}}，感谢您的配合。今天是您{{lender}}{{product}}（尾号{{accountRef}}）的还款日，本期应还{{amountDue}}。给您打个电话提醒一下，免得忙起来忘了。',
    },
    {
      id: 'ask_today',
      type: 'question',
      text: '请问今天方便还上吗？',
      answers: [
        { label: '今天就还', next: 'pay_today' },
        { label: '已经还过了', next: 'already_paid' },
        { label: '过几天才能还', next: 'pay_date' },
        { label: '暂时还不上', next: 'hardship' },
        { label: '对金额有疑问', next: 'dispute' },
        { label: '要求不要再联系', next: 'cease' },
        { label: '正在忙，晚点再说', next: 'callback' },
      ],
    },
    {
      id: 'pay_today',
      type: 'say',
      text: '好的，谢谢您！请通过{{paymentChannel}}还款，今天之内还款都算按时。请不要转账到任何个人账户。',
      hint: '在小结中记为承诺还款，日期填今天。',
      next: 'end_promise',
    },
    {
      id: 'pay_date',
      type: 'question',
      text: '明白。那您看大概哪天能还上？',
      answers: [
        { label: '一周之内', next: 'date_noted' },
        { label: '说不准', next: 'hardship' },
      ],
    },
    {
      id: 'date_noted',
      type: 'say',
      text: '好的，我帮您记下了。温馨提醒一下，过了今天就会按合同计算逾期利息，所以能早一点还就尽量早一点。',
      hint: '只按合同约定说明费用，不得夸大后果。在小结中记录承诺的金额和日期。',
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
