// The screen lock, the offline limit, a wiped console and what protects the data at rest, in both
// languages (merged into the console's catalogue in ./index.ts).
const en = {
  lock: {
    title: 'Fairline is locked',
    idle: 'Locked after {{minutes}} minutes without use.',
    idleSeconds: 'Locked after {{seconds}} seconds without use.',
    manual: 'You locked the console.',
    system: 'Locked when the computer locked or went to sleep.',
    kept: 'Your work in progress and any call under way are kept; debtor details stay hidden until you unlock.',
    who: 'Enter the password of {{name}} ({{username}}) to go on.',
    password: 'Password',
    unlock: 'Unlock',
    unlocking: 'Checking…',
    wrong: 'Wrong password.',
    tooMany: 'Too many wrong passwords: sign out and sign in again.',
    signOut: 'Sign out',
    lockNow: 'Lock',
    lockNowHint: 'Lock the screen (Ctrl+Shift+L)',
  },
  offline: {
    title: 'Connect to the central server to go on',
    body: 'This console has not reached the central server since {{when}}, more than the {{days}} days your organisation allows. Debtor details stay hidden until it syncs.',
    never: 'never',
    kept: 'Everything you logged is kept on this computer and goes up at the next sync.',
    syncNow: 'Sync now',
    syncing: 'Syncing…',
    failed: 'The sync did not get through: {{message}}',
  },
  wiped: {
    title: 'This console was wiped',
    device_revoked: 'An administrator revoked this computer. Everything it had not sent was sent to the central server first; then its data (database, recordings, photos and the key that encrypted them) was removed.',
    user_disabled: 'An administrator disabled the account that was signed in here. Everything it had not sent was sent to the central server first; then the data on this computer was removed.',
    when: 'Wiped at {{when}}.',
    next: 'It cannot be used again. Ask your administrator for a new device.',
  },
  dataProtection: {
    title: 'Data on this computer',
    keychain: 'Everything this console keeps (accounts, notes, recordings, photos) is encrypted. Its key is kept by this computer\'s keychain, under your operating-system account.',
    password: 'Everything this console keeps (accounts, notes, recordings, photos) is encrypted. Its key is protected by the password of each agent who signed in here: after every start the data opens only when one of them signs in.',
    policy: 'The screen locks after {{idle}} without use; debtor details are hidden after {{days}} days without reaching the central server.',
    minutes: '{{count}} minutes',
    seconds: '{{count}} seconds',
  },
};

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

const zhCN: Shape<typeof en> = {
  lock: {
    title: 'Fairline 已锁定',
    idle: '{{minutes}} 分钟未操作，已自动锁定。',
    idleSeconds: '{{seconds}} 秒未操作，已自动锁定。',
    manual: '您已锁定控制台。',
    system: '电脑锁屏或休眠时已锁定。',
    kept: '正在进行的工作和通话都会保留；解锁前不显示债务人信息。',
    who: '请输入 {{name}}（{{username}}）的密码以继续。',
    password: '密码',
    unlock: '解锁',
    unlocking: '正在验证…',
    wrong: '密码错误。',
    tooMany: '密码错误次数过多：请退出后重新登录。',
    signOut: '退出登录',
    lockNow: '锁定',
    lockNowHint: '锁定屏幕（Ctrl+Shift+L）',
  },
  offline: {
    title: '请连接中心服务器后继续',
    body: '本控制台自 {{when}} 起未连接中心服务器，已超过贵机构允许的 {{days}} 天。同步完成前不显示债务人信息。',
    never: '从未',
    kept: '您记录的所有内容都保存在本机，下次同步时上传。',
    syncNow: '立即同步',
    syncing: '正在同步…',
    failed: '同步未成功：{{message}}',
  },
  wiped: {
    title: '本控制台的数据已清除',
    device_revoked: '管理员已吊销这台电脑。清除前，所有未上传的内容已先发送到中心服务器；随后本机数据（数据库、录音、照片及其加密密钥）已被删除。',
    user_disabled: '管理员已停用在此登录的账号。清除前，所有未上传的内容已先发送到中心服务器；随后本机数据已被删除。',
    when: '清除时间：{{when}}。',
    next: '本机不能再使用。请向管理员申请新设备。',
  },
  dataProtection: {
    title: '本机数据',
    keychain: '本控制台保存的所有内容（账户、备注、录音、照片）均已加密。密钥由本机操作系统的钥匙串按您的系统账户保管。',
    password: '本控制台保存的所有内容（账户、备注、录音、照片）均已加密。密钥由在此登录过的每位坐席的密码保护：每次启动后，只有其中一人登录才能打开数据。',
    policy: '{{idle}}未操作即锁屏；超过 {{days}} 天未连接中心服务器则隐藏债务人信息。',
    minutes: '{{count}} 分钟',
    seconds: '{{count}} 秒',
  },
};

export const securityMessages = { en, 'zh-CN': zhCN } as const;
