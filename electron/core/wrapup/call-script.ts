// The talk track for a call on an account: the track for its stage in the debtor's language,
// the third-party track to switch to, and the account's facts for the script's variables.
import type { AccountDetail, CallScript } from '../../../shared/api/contract';
import { ApiError } from '../../../shared/api/errors';
import { daysPastDue } from '../../../shared/domain/portfolio';
import { DEMO_TRACKS, selectTalkTrack, type CallContext, type TalkTrack } from '../../../shared/talktrack';
import { packFor } from '../compliance/gate';
import type { PackResolver } from '../compliance/org-packs';

const LOCALE_BY_REGION = { CN: 'zh-CN', US: 'en' } as const;
const INSTITUTION = { CN: '法莱恩资产管理有限公司', US: 'Fairline Recovery Services' } as const;
const CALLBACK_NUMBER = { CN: '400-820-8820', US: '+1 (800) 555-0142' } as const;
const BUSINESS_HOURS = { CN: '每天 9:00–20:00', US: '8 am to 9 pm, Monday to Saturday' } as const;
const PAYMENT_CHANNEL = { CN: '放款机构官方 App 或对公账户', US: 'our website, by phone, or by mail' } as const;

/** Which conversation the account's state calls for. */
function trackKind(detail: AccountDetail): TalkTrack['kind'] {
  const open = detail.debts.filter((d) => d.balanceMinor > 0);
  const oldest = [...open].sort((a, b) => a.dueDate.localeCompare(b.dueDate))[0];
  if (!oldest) return 'early-overdue';
  const dpd = daysPastDue(oldest.dueDate, detail.today);
  if (dpd < 0) return 'pre-due';
  if (dpd === 0) return 'due-day';
  if (open.some((d) => d.stage === 'agency' || d.stage === 'legal')) return 'agency';
  return dpd > 30 || open.some((d) => d.stage === 'late') ? 'late-overdue' : 'early-overdue';
}

export function callScript(detail: AccountDetail, agent: { name: string; staffId: string }, tracks: readonly TalkTrack[] = DEMO_TRACKS, packs?: PackResolver): CallScript {
  const { account } = detail;
  const pack = packFor(detail, packs);
  const locale = LOCALE_BY_REGION[account.region];
  const kind = trackKind(detail);
  const track = selectTalkTrack(tracks, { kind, locale, packId: pack.id });
  if (!track) throw new ApiError('NOT_FOUND', `No ${locale} talk track for a ${kind} call under the ${pack.id} pack`);
  const open = detail.debts.filter((d) => d.balanceMinor > 0);
  const oldest = [...open].sort((a, b) => a.dueDate.localeCompare(b.dueDate))[0];
  const context: CallContext = {
    currency: account.currency,
    timeZone: account.timeZone,
    debtorName: account.debtorName,
    salutation: account.debtorName,
    agentName: agent.name,
    agentId: agent.staffId,
    institution: INSTITUTION[account.region],
    callbackNumber: CALLBACK_NUMBER[account.region],
    businessHours: BUSINESS_HOURS[account.region],
    paymentChannel: PAYMENT_CHANNEL[account.region],
    lender: [...new Set(open.map((d) => d.lender))].join(account.region === 'CN' ? '、' : ', ') || undefined,
    product: oldest?.product,
    accountRef: account.ref,
    amountDueMinor: open.reduce((sum, d) => sum + d.balanceMinor, 0),
    balanceMinor: open.reduce((sum, d) => sum + d.balanceMinor, 0),
    dueDate: oldest?.dueDate,
    region: account.region === 'US' ? `US-${account.province}` : account.province,
    // What the identity checks compare with: the address as the account view shows it, and the
    // date of birth and ID/SSN last-4 only as the central store's salted digests with masked
    // hints (shared/domain/identity.ts), so the values never reach the agent's screen.
    identity: {
      address: [account.address, ...[account.province, account.postalCode].filter((p) => p && !account.address.includes(p))].join(', '),
      onFile: detail.identity ?? null,
    },
  };
  return {
    packId: pack.id,
    track,
    thirdPartyTrack: selectTalkTrack(tracks, { kind: 'third-party', locale, packId: pack.id }) ?? null,
    context: { ...context },
  };
}
