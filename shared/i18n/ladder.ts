// The stage ladder in both languages (merged into the console's catalogue in ./index.ts): the
// lead's "what will happen tomorrow and why" screen and the account's stage history.
const en = {
  nav: { ladder: 'Ladder' },
  ladder: {
    title: 'Tomorrow on the ladder',
    intro: 'What the collection ladder will do on the day chosen, account by account, with the rule of the policy that causes it, and what the compliance gate would refuse.',
    date: 'Day',
    team: 'Team',
    allTeams: 'All my teams',
    loading: 'Planning…',
    empty: 'Nothing planned for this day.',
    failed: 'The plan could not be read: {{reason}}',
    summary: '{{accounts}} accounts · {{moves}} stage moves · {{treatments}} treatments · {{refused}} refused by the gate',
    account: 'Account',
    dpd: '{{count}} days past due',
    dpdBefore: 'due in {{count}} days',
    dpdToday: 'due today',
    tier: 'Balance tier {{tier}}',
    policy: 'Policy {{policy}}',
    move: 'Moves from {{from}} to {{to}}',
    enters: 'Enters {{to}}',
    stays: 'Stays in {{stage}}',
    rule: 'Rule {{rule}}',
    willHappen: 'Will happen',
    refused: 'The gate would refuse: {{rules}}',
    kinds: {
      sms: 'Text', email: 'Email', letter: 'Letter', call: 'Call task', visit: 'Field visit', placement: 'Agency placement', legal_referral: 'Legal referral',
    },
    history: {
      title: 'Stage history',
      empty: 'The ladder has not moved this account yet.',
      entry: '{{from}} → {{to}}',
      first: 'Entered {{to}}',
      by: 'by rule {{rule}}',
    },
  },
};

const zhCN: typeof en = {
  nav: { ladder: '催收阶梯' },
  ladder: {
    title: '明日催收阶梯',
    intro: '所选日期催收阶梯将对每个账户执行的操作、触发该操作的策略规则，以及合规闸门将拒绝的操作。',
    date: '日期',
    team: '小组',
    allTeams: '我带领的全部小组',
    loading: '正在计算…',
    empty: '该日没有计划的操作。',
    failed: '无法读取计划：{{reason}}',
    summary: '{{accounts}} 个账户 · {{moves}} 次阶段变更 · {{treatments}} 项处置 · {{refused}} 项将被合规闸门拒绝',
    account: '账户',
    dpd: '逾期 {{count}} 天',
    dpdBefore: '{{count}} 天后到期',
    dpdToday: '今日到期',
    tier: '余额档位 {{tier}}',
    policy: '策略 {{policy}}',
    move: '由「{{from}}」进入「{{to}}」',
    enters: '进入「{{to}}」',
    stays: '仍在「{{stage}}」',
    rule: '规则 {{rule}}',
    willHappen: '将执行',
    refused: '合规闸门将拒绝：{{rules}}',
    kinds: {
      sms: '短信', email: '邮件', letter: '信函', call: '外呼任务', visit: '上门外访', placement: '委外催收', legal_referral: '转法务',
    },
    history: {
      title: '阶段记录',
      empty: '催收阶梯尚未变更此账户的阶段。',
      entry: '{{from}} → {{to}}',
      first: '进入「{{to}}」',
      by: '依据规则 {{rule}}',
    },
  },
};

export const ladderMessages = { en, 'zh-CN': zhCN } as const;
