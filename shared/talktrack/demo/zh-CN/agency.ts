// 委外催收（zh-CN，cn 规则包）：受贷款机构委托的催收机构来电。
import type { TalkTrackInput } from '../../schema';
import { attorney, callback, cease, dispute, endings, hardship } from './common';

export const agency: TalkTrackInput = {
  id: 'demo-zh-agency',
  version: 1,
  locale: 'zh-CN',
  pack: 'cn',
  kind: 'agency',
  title: '委外催收',
  description: '账户已委托给催收机构：说明委托关系和官方还款渠道，再协商解决办法。',
  steps: [
    {
      id: 'purpose',
      type: 'say',
      text: '{{salutation}}，感谢您的配合。我们{{institution}}受{{lender}}委托，就您的{{product}}（尾号{{accountRef}}）和您联系，目前欠款{{balance}}。',
    },
    {
      id: 'channel',
      type: 'say',
      required: true,
      text: '先跟您说明一下：所有还款都请直接还到{{lender}}的官方渠道{{paymentChannel}}。我们不会要求您转账到任何个人账户或我们公司的账户，也不会另外收取任何费用。',
      hint: '还款只能进入贷款机构指定渠道（中国互联网金融协会公约第 19 条）。',
    },
    {
      id: 'verify_entrustment',
      type: 'question',
      text: '如果您想确认委托关系，可以拨打{{lender}}的官方客服核实。您看我们接着聊可以吗？',
      answers: [
        { label: '可以，接着聊', next: 'options' },
        { label: '要先核实委托关系', next: 'callback' },
      ],
    },
    {
      id: 'options',
      type: 'question',
      text: '关于这笔欠款，您打算怎么处理？',
      answers: [
        { label: '一次性还清', next: 'pay_full' },
        { label: '分期还款', next: 'plan' },
        { label: '经济上有困难', next: 'hardship' },
        { label: '对欠款有异议', next: 'dispute' },
        { label: '不认可这笔欠款', next: 'dispute' },
        { label: '要求不要再联系', next: 'cease' },
        { label: '已委托律师', next: 'attorney' },
        { label: '正在忙，晚点再说', next: 'callback' },
      ],
    },
    {
      id: 'pay_full',
      type: 'say',
      text: '好的，感谢您的配合。请问您哪天能还清{{balance}}？还款请认准{{paymentChannel}}。',
      hint: '在小结中记录承诺的金额和日期。',
      next: 'end_promise',
    },
    ...hardship,
    ...dispute,
    ...cease,
    ...attorney,
    ...callback,
    ...endings('end_promise', 'end_extension', 'end_plan', 'end_callback', 'end_dispute', 'end_cease', 'end_attorney'),
  ],
};
