// 催收中严禁使用的中文说法：暴力或威胁、侮辱谩骂、虚假的法律后果、冒充公检法或政府、向第三方
// 曝光、要求转入非指定账户或收取合同外费用（中国互联网金融协会《互联网金融逾期债务催收自律公约》
// (2018) 第 16、19 条；中国银行业协会个人消费贷款催收指引 (2026)）。匹配时忽略全角半角、空格和
// 字间标点（match.ts），“你 会 坐 牢”“你.会.坐.牢”“你会坐牢”都能识别。
import type { PhraseEntry, PhraseList } from './index';

const threat = (...phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, category: 'threat' }));
const insult = (...phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, category: 'insult' }));
const legal = (...phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, category: 'false_legal_claim' }));
const impersonation = (...phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, category: 'impersonation' }));
const shaming = (...phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, category: 'shaming' }));
const payment = (...phrases: string[]): PhraseEntry[] => phrases.map((phrase) => ({ phrase, category: 'improper_payment' }));

export const ZH_CN_PHRASES: PhraseList = {
  language: 'zh-CN',
  entries: [
    ...threat(
      '你会坐牢',
      '让你坐牢',
      '把你抓起来',
      '派人去抓你',
      '派人上门',
      '上门堵你',
      '找到你家',
      '你等着瞧',
      '走着瞧',
      '小心点',
      '弄死你',
      '打断你的腿',
      '让你好看',
      '后果自负',
      '去你单位闹',
      '别想好过',
      '让你身败名裂',
      '对你家人不客气',
      '想想你的孩子',
    ),
    ...insult(
      '骗子',
      '老赖',
      '不要脸',
      '你这个垃圾',
      '废物',
      '畜生',
      '王八蛋',
      '混蛋',
      '傻逼',
      '无赖',
      '人渣',
      '去死',
      '滚蛋',
      '没良心',
    ),
    ...legal(
      '已经立案',
      '追究你的刑事责任',
      '马上起诉你',
      '法院传票已经发出',
      '冻结你的账户',
      '冻结你的银行卡',
      '上黑名单',
      '拘留你',
      '逮捕令',
      '全国通缉',
      '涉嫌诈骗',
      '影响子女上学',
      '影响子女考公',
      '坐高铁飞机都不行',
      '明天就强制执行',
    ),
    ...impersonation(
      '我们是法院的',
      '我是法院的',
      '法院工作人员',
      '我是警察',
      '公安局的',
      '派出所的',
      '检察院的',
      '执行局的',
      '我是法官',
      '网警',
      '政府部门的',
      '我们是律师事务所',
    ),
    ...shaming(
      '爆通讯录',
      '通知你所有联系人',
      '告诉你的家人你欠钱',
      '告诉你的同事',
      '告诉你们领导',
      '发到朋友圈',
      '曝光你',
      '贴大字报',
      '让全村都知道',
      '让全单位都知道',
    ),
    ...payment(
      '转到我个人账户',
      '转到个人账户',
      '私人账户',
      '微信转给我',
      '支付宝转给我',
      '另收手续费',
      '加收上门费',
    ),
  ],
};
