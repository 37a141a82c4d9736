// Progressive (agent-paced) dialling in both languages: the top bar's switch and state, the
// preview before each dial, why it stopped, and its settings (merged into the console's
// catalogue in ./index.ts).
const en = {
  progressive: {
    toggle: 'Progressive',
    toggleTitle: 'Progressive dialling: after each wrap-up the next workable account opens and is dialled after a short preview',
    state: {
      running: 'On',
      nothing: 'Nothing to call',
      paused: 'Paused',
    },
    resume: 'Resume',
    resumeTitle: 'Start progressive dialling again',
    nextHeld: 'Progressive dialling chooses the next account; use Skip in its preview',
    preview: {
      label: 'Next call',
      countdown: 'Dialling in {{seconds}} s',
      dialling: 'Dialling…',
      skip: 'Skip',
      cancel: 'Cancel',
    },
    refused: {
      title: 'The rules refused this call',
      noPhone: 'None of this account’s numbers may be called now',
      moving: 'Moving on to the next account…',
    },
    approvalClosed: 'The call needed a team lead’s approval and was not approved: moving on to the next account.',
    nothing: 'Progressive dialling is waiting: {{text}}',
    stopped: {
      startup: 'Progressive dialling is on but paused since the console started: press Resume when you are ready.',
      cancelled: 'Progressive dialling paused: you cancelled the preview.',
      status: 'Progressive dialling stopped while your status is “{{reason}}”; it goes on when you are Available again.',
      incoming: 'Progressive dialling stopped for an incoming call. Press Resume after it.',
      phone: 'Progressive dialling stopped: the phone is not registered ({{reason}}). Press Resume once it shows “Phone ready”.',
      connection: 'Progressive dialling stopped: the connection to the console core was lost.',
      locked: 'Progressive dialling stopped: the screen is locked.',
      error: 'Progressive dialling stopped: {{reason}}',
    },
    phoneOff: 'no SIP account',
    phoneConnecting: 'connecting',
    settings: {
      title: 'Progressive dialling',
      enabled: 'Progressive dialling on',
      enabledNote: 'After each saved wrap-up, the next workable account (the one Next account would open) is shown and then dialled on the softphone. Break, an incoming call or the phone going offline stops it.',
      previewSec: 'Preview before each dial (seconds)',
      previewNote: 'How long the account and number are shown, with Cancel (Esc) and Skip (Alt+S), before the dial. 0 dials at once.',
      invalidPreview: 'Enter whole seconds from 0 to 60.',
    },
  },
};

const zhCN: typeof en = {
  progressive: {
    toggle: '渐进式外呼',
    toggleTitle: '渐进式外呼：每次小结保存后自动打开下一个可拨打的账户，短暂预览后拨出',
    state: {
      running: '已开启',
      nothing: '暂无可拨打',
      paused: '已暂停',
    },
    resume: '继续',
    resumeTitle: '重新开始渐进式外呼',
    nextHeld: '渐进式外呼会自动选择下一个账户；如需跳过，请在预览中点击“跳过”',
    preview: {
      label: '下一通电话',
      countdown: '{{seconds}} 秒后拨出',
      dialling: '正在拨号…',
      skip: '跳过',
      cancel: '取消',
    },
    refused: {
      title: '合规规则拒绝了此次拨打',
      noPhone: '该账户目前没有可拨打的号码',
      moving: '正在转到下一个账户…',
    },
    approvalClosed: '此次拨打需要组长批准，未获批准：转到下一个账户。',
    nothing: '渐进式外呼等待中：{{text}}',
    stopped: {
      startup: '渐进式外呼已开启，但控制台启动后处于暂停状态：准备好后请点击“继续”。',
      cancelled: '渐进式外呼已暂停：您取消了预览。',
      status: '您的状态为“{{reason}}”，渐进式外呼已停止；恢复为“就绪”后自动继续。',
      incoming: '有来电，渐进式外呼已停止。处理完后请点击“继续”。',
      phone: '渐进式外呼已停止：软电话未注册（{{reason}}）。显示“软电话就绪”后请点击“继续”。',
      connection: '渐进式外呼已停止：与控制台核心的连接已断开。',
      locked: '渐进式外呼已停止：屏幕已锁定。',
      error: '渐进式外呼已停止：{{reason}}',
    },
    phoneOff: '未配置 SIP 账户',
    phoneConnecting: '正在连接',
    settings: {
      title: '渐进式外呼',
      enabled: '开启渐进式外呼',
      enabledNote: '每次小结保存后，显示下一个可拨打的账户（即“下一个账户”会打开的账户），随后用软电话拨出。休息、来电或软电话离线都会使其停止。',
      previewSec: '拨号前预览时长（秒）',
      previewNote: '拨号前显示账户和号码的时长，期间可取消（Esc）或跳过（Alt+S）。设为 0 则立即拨出。',
      invalidPreview: '请输入 0 到 60 之间的整数秒。',
    },
  },
};

export const progressiveMessages = { en, 'zh-CN': zhCN } as const;
