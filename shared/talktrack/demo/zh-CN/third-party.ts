// 第三方联系（zh-CN，cn 规则包）：联系不上本人时联系紧急联系人等第三方，只请其转告或协助恢复
// 联系，绝不透露债务（中国互联网金融协会公约 (2018) 第 13、14、18 条；中国银行业协会指引 (2026)）。
import type { TalkTrackInput } from '../../schema';

export const thirdParty: TalkTrackInput = {
  id: 'demo-zh-third-party',
  version: 1,
  locale: 'zh-CN',
  pack: 'cn',
  kind: 'third-party',
  title: '第三方联系',
  description: '接电话的不是本人：只请对方转告或提供联系方式，绝不提及欠款；对方要求不再联系即停止。',
  steps: [
    {
      id: 'ask_for',
      type: 'question',
      text: '请问您认识{{debtorName}}吗？我们最近一直联系不上本人，想麻烦您帮忙转告一下，请尽快给我们回个电话。',
      hint: '不得透露欠款、金额、贷款机构或逾期情况；不得要求对方代为还款。',
      answers: [
        { label: '愿意转告', next: 'message' },
        { label: '提供了本人的新联系方式', next: 'thanks_contact' },
        { label: '问是什么事', next: 'what' },
        { label: '说本人最近很困难', next: 'hardship' },
        { label: '说本人不欠钱或有误会', next: 'mistake' },
        { label: '要求不要再打来', next: 'decline' },
        { label: '不认识，打错了', next: 'wrong_number' },
        { label: '说本人已经去世', next: 'deceased' },
      ],
    },
    {
      id: 'message',
      type: 'say',
      text: '太感谢您了！麻烦转告{{debtorName}}回电{{callbackNumber}}，我们的服务时间是{{businessHours}}。打扰您了。',
      next: 'end_reached',
    },
    {
      id: 'thanks_contact',
      type: 'say',
      text: '好的，非常感谢您的帮助，我记下了。',
      hint: '如实记录对方提供的信息，不解释原因。',
      next: 'end_reached',
    },
    {
      id: 'what',
      type: 'say',
      text: '不好意思，涉及本人的个人事务，我们只能和本人沟通，还请您理解。',
      hint: '无论对方怎么问，都不得透露欠款信息。',
    },
    {
      id: 'ask_again',
      type: 'question',
      text: '方便的话，能麻烦您转告一下吗？',
      answers: [
        { label: '可以转告', next: 'message' },
        { label: '提供了联系方式', next: 'thanks_contact' },
        { label: '不愿意', next: 'decline' },
      ],
    },
    {
      id: 'hardship',
      type: 'say',
      text: '谢谢您告诉我。具体情况我们只能和本人沟通，麻烦您请其回个电话，我们会尽量一起想办法。',
      next: 'end_reached',
    },
    {
      id: 'mistake',
      type: 'say',
      text: '明白。具体情况我们需要和本人核实，麻烦请其直接联系我们，电话是{{callbackNumber}}。',
      next: 'end_reached',
    },
    {
      id: 'decline',
      type: 'say',
      text: '好的，非常抱歉打扰您了，以后我们不会再就此事联系您。',
      hint: '在小结中注明对方要求不再联系；此后不得再联系此人。',
      next: 'end_declined',
    },
    {
      id: 'wrong_number',
      type: 'say',
      text: '不好意思，可能是号码有误，打扰您了。',
      next: 'end_wrong',
    },
    {
      id: 'deceased',
      type: 'say',
      text: '非常抱歉，请您节哀。方便告诉我们后续由哪位家属处理相关事务吗？',
      hint: '不得提及任何欠款。对方愿意时记录家属姓名和联系方式。',
      next: 'end_deceased',
    },
    { id: 'end_reached', type: 'end', text: '谢谢您，再见。', outcome: 'third_party_reached' },
    { id: 'end_declined', type: 'end', text: '再见。', outcome: 'third_party_reached', hint: '小结备注：对方要求不再联系。' },
    { id: 'end_wrong', type: 'end', outcome: 'wrong_number' },
    { id: 'end_deceased', type: 'end', text: '谢谢您，再次请您节哀。', outcome: 'deceased' },
  ],
};
