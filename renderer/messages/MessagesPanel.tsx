// Texts and emails from the account screen: pick who and which template (per stage and language),
// read the words with the account's values filled in and the gate's answer in words before
// sending, send through the central server, and follow each message's delivery state. Opt-outs
// (a STOP or 退订 reply) show as holds at the top of the account: the header's hold banners once the
// opt-out hold is pulled, OptOutBanners until then.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountDetail } from '../../shared/api/contract';
import { packIdForCountry } from '../../shared/compliance/packs';
import type { Purpose } from '../../shared/compliance/facts';
import type { MessageChannel, MessageTemplate } from '../../shared/messaging/templates';
import type { MessageDraft, MessageRecord, MessagingCatalogue, Preview } from '../../shared/messaging/protocol';
import { useApi } from '../api/ApiContext';
import { errorText } from '../app/error-text';
import { useFormat } from '../app/format';
import { useNotify } from '../app/Toasts';
import { activeHolds } from '../features/account/active-holds';
import { formatPhone } from '../features/account/phone-format';
import { consoleNow } from '../app/use-now';
import type { AccountMessages } from '../../shared/messaging/console';
import { sameAddress } from '../../shared/messaging/gate';
import { messagesSignature, refreshAccountMessages, useAccountMessages } from './account-messages';
import { reasonWords, sourceWords } from './gate-words';
import './messages.css';
import { startComplaintFromMessage, type ComplaintIntake } from '../complaints/intake';

interface Choice {
  channel: MessageChannel;
  to: string;
  templateId: string;
  purpose: Purpose | '';
}

/** The composer's choices and the catalogue per account, kept while the account view reloads around it. */
const choices = new Map<string, Choice>();
const catalogues = new Map<string, MessagingCatalogue>();
const STAGES = ['reminder', 'early', 'late', 'agency', 'legal'];

/** How far a template's stage is from the account's: its own stage first, then the nearest. */
function stageDistance(stage: string, accountStage: string | null): number {
  return accountStage === null ? 0 : Math.abs(STAGES.indexOf(stage) - STAGES.indexOf(accountStage));
}

interface Recipient {
  id: string;
  partyKind: 'debtor' | 'co_debtor' | 'third_party';
  label: string;
}

function recipientsOf(account: AccountDetail, catalogue: MessagingCatalogue | null, channel: MessageChannel, t: (k: string) => string): Recipient[] {
  const partyOf = (id: string) => account.parties.find((p) => p.id === id);
  const order = { debtor: 0, co_debtor: 1, third_party: 2 } as const;
  const label = (partyId: string, address: string) => {
    const p = partyOf(partyId);
    return `${p?.name ?? '?'} · ${t(`messaging.party.${p?.kind ?? 'debtor'}`)} · ${address}`;
  };
  const list = channel === 'sms'
    ? account.phones.filter((ph) => ph.type === 'mobile' || ph.type === 'other').map((ph) => ({ id: ph.id, partyKind: partyOf(ph.partyId)?.kind ?? 'debtor', label: label(ph.partyId, formatPhone(ph.number)) }))
    : (catalogue?.emails ?? []).map((e) => ({ id: e.id, partyKind: partyOf(e.partyId)?.kind ?? 'debtor', label: label(e.partyId, e.address) }));
  return list.sort((a, b) => order[a.partyKind] - order[b.partyKind]);
}

function accountStage(account: AccountDetail): string | null {
  const open = account.debts.filter((d) => d.balanceMinor > 0).sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  return open[0]?.stage ?? account.debts[0]?.stage ?? null;
}

export function MessagesPanel({ account, onChanged }: { account: AccountDetail; onChanged: () => void }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const notify = useNotify();
  const accountId = account.account.id;
  const packId = packIdForCountry(account.account.region);
  const stage = accountStage(account);
  const messages = useAccountMessages(api, accountId);
  const [catalogue, setCatalogueState] = useState<MessagingCatalogue | null>(() => catalogues.get(accountId) ?? null);
  const setCatalogue = (c: MessagingCatalogue) => {
    catalogues.set(accountId, c);
    setCatalogueState(c);
  };
  const [catalogueError, setCatalogueError] = useState<unknown>(null);
  const [choice, setChoiceState] = useState<Choice>(() => choices.get(accountId) ?? { channel: 'sms', to: '', templateId: '', purpose: '' });
  const setChoice = (next: Choice) => {
    choices.set(accountId, next);
    setChoiceState(next);
  };
  const [preview, setPreview] = useState<Preview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [previewing, setPreviewing] = useState(false);
  const [sending, setSending] = useState(false);
  const [lastSent, setLastSent] = useState<MessageRecord | null>(null);
  const requestId = useRef<string>(crypto.randomUUID());

  useEffect(() => {
    let current = true;
    api.invoke('messages.catalogue', { accountId }).then((c) => current && (setCatalogue(c), setCatalogueError(null)), (e: unknown) => current && setCatalogueError(e));
    return () => {
      current = false;
    };
  }, [api, accountId]);

  const recipients = useMemo(() => recipientsOf(account, catalogue, choice.channel, t), [account, catalogue, choice.channel, t]);
  const recipient = recipients.find((r) => r.id === choice.to) ?? recipients[0];
  const audience = recipient?.partyKind === 'third_party' ? 'third_party' : 'debtor';
  const templates = useMemo(() => (catalogue?.templates ?? [])
    .filter((tp) => tp.channel === choice.channel && (tp.pack === packId || tp.pack === 'any') && tp.audience === audience)
    .sort((a, b) => stageDistance(a.stage, stage) - stageDistance(b.stage, stage) || Number(b.locale === i18n.language) - Number(a.locale === i18n.language) || a.title.localeCompare(b.title)),
  [catalogue, choice.channel, packId, audience, stage, i18n.language]);
  const template: MessageTemplate | undefined = templates.find((tp) => tp.id === choice.templateId) ?? templates[0];
  const purpose: Purpose | undefined = audience === 'third_party' ? (choice.purpose || (packId === 'cn' ? 'reestablish_contact' : 'location_information')) : undefined;

  const draft: MessageDraft | null = recipient && template
    ? { accountId, templateId: template.id, to: choice.channel === 'sms' ? { channel: 'sms', phoneId: recipient.id } : { channel: 'email', emailId: recipient.id }, ...(purpose ? { purpose } : {}) }
    : null;
  const draftKey = draft ? JSON.stringify(draft) : '';

  // The preview and the gate's answer follow every change of the draft, and are asked again
  // every 30 s (quiet hours begin and end while the agent reads).
  useEffect(() => {
    requestId.current = crypto.randomUUID();
    if (!draft) {
      setPreview(null);
      return;
    }
    let current = true;
    const askPreview = () => {
      setPreviewing(true);
      api.invoke('messages.preview', draft).then(
        (p) => current && (setPreview(p), setPreviewError(null)),
        (e: unknown) => current && (setPreview(null), setPreviewError(e)),
      ).finally(() => current && setPreviewing(false));
    };
    askPreview();
    const timer = setInterval(askPreview, 30_000);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [api, draftKey]); // draftKey stands for the draft

  // A delivery receipt, a reply or an opt-out changes the timeline: read the account again.
  const signature = messagesSignature(messages);
  const seen = useRef<string | null>(null);
  useEffect(() => {
    if (!messages) return;
    if (seen.current !== null && seen.current !== signature) onChanged();
    seen.current = signature;
  }, [signature]);

  async function send(): Promise<void> {
    if (!draft) return;
    setSending(true);
    try {
      const record = await api.invoke('messages.send', { ...draft, requestId: requestId.current });
      requestId.current = crypto.randomUUID(); // the next send is a new message; a retry of this one was the same id
      setLastSent(record);
      const text = t('messaging.sent', { channel: t(`messaging.channel.${record.channel}`), to: record.channel === 'sms' ? formatPhone(record.to) : record.to, status: t(`messaging.status.${record.status}`) });
      notify(record.status === 'refused' || record.status === 'failed' ? 'error' : 'success', record.status === 'refused' ? `${text}. ${t('messaging.refused')}` : text);
      await refreshAccountMessages(accountId);
      onChanged();
    } catch (err) {
      notify('error', errorText(t, err));
    } finally {
      setSending(false);
    }
  }

  const decision = preview?.decision;
  const gateLabel = !decision ? '' : decision.decision === 'allow' ? t('messaging.gate.allow') : decision.decision === 'warn' ? t('messaging.gate.warn')
    : decision.allowedFrom ? t('messaging.gate.blockedUntil', { time: format.zoned(decision.allowedFrom, account.account.timeZone) }) : t('messaging.gate.block');

  return (
    <section className="panel messages-panel" data-testid="messages-panel" aria-labelledby="messages-title">
      <h2 id="messages-title">{t('messaging.title')}</h2>
      <div className="message-channels" role="group" aria-label={t('messaging.title')}>
        {(['sms', 'email'] as const).map((c) => (
          <button key={c} type="button" className={`button ${choice.channel === c ? 'button-selected' : ''}`} aria-pressed={choice.channel === c}
            data-testid={`message-channel-${c}`} onClick={() => setChoice({ channel: c, to: '', templateId: '', purpose: '' })}>
            {t(`messaging.channel.${c}`)}
          </button>
        ))}
      </div>
      {catalogueError !== null && <p className="form-error" role="alert">{errorText(t, catalogueError)}</p>}
      {catalogue && recipients.length === 0 && <p className="muted">{choice.channel === 'sms' ? t('messaging.noPhone') : t('messaging.noEmail')}</p>}
      {recipients.length > 0 && (
        <div className="message-form">
          <label className="field">
            <span>{t('messaging.to')}</span>
            <select data-testid="message-to" value={recipient?.id ?? ''} onChange={(e) => setChoice({ ...choice, to: e.target.value, templateId: '' })}>
              {recipients.map((r) => <option key={r.id} value={r.id}>{r.label}</option>)}
            </select>
          </label>
          {templates.length === 0 ? catalogue && <p className="muted">{t('messaging.noTemplate')}</p> : (
            <label className="field">
              <span>{t('messaging.template')}</span>
              <select data-testid="message-template" value={template?.id ?? ''} onChange={(e) => setChoice({ ...choice, to: recipient?.id ?? '', templateId: e.target.value })}>
                {templates.map((tp) => (
                  <option key={tp.id} value={tp.id}>{`${tp.title} · ${t(`stage.${tp.stage}`)} · ${t(`messaging.locale.${tp.locale}`)}`}</option>
                ))}
              </select>
            </label>
          )}
          {audience === 'third_party' && (
            <label className="field">
              <span>{t('messaging.purpose')}</span>
              <select data-testid="message-purpose" value={purpose} onChange={(e) => setChoice({ ...choice, to: recipient?.id ?? '', purpose: e.target.value as Purpose })}>
                {(['reestablish_contact', 'location_information'] as const).map((p) => <option key={p} value={p}>{t(`messaging.purposes.${p}`)}</option>)}
              </select>
            </label>
          )}
        </div>
      )}
      {draft && (
        <div className="message-preview" data-testid="message-preview" aria-busy={previewing}>
          <p className="message-preview-label">{t('messaging.preview')}{previewing && !preview ? ` · ${t('messaging.previewing')}` : ''}</p>
          {previewError !== null && <p className="form-error" role="alert">{errorText(t, previewError)}</p>}
          {preview && (
            <>
              {preview.subject !== null && <p className="message-subject"><span>{t('messaging.subject')}</span> {preview.subject}</p>}
              <p className="message-body" data-testid="message-preview-body" lang={template?.locale}>{preview.body}</p>
              {preview.missing.length > 0 && <p className="form-error">{t('messaging.missing', { variables: preview.missing.join(', ') })}</p>}
            </>
          )}
        </div>
      )}
      {decision && (
        <div className={`message-gate message-gate-${decision.decision}`} data-testid="message-gate" data-decision={decision.decision}>
          <p className="message-gate-label">{gateLabel}</p>
          {decision.reasons.length > 0 && (
            <ul className="gate-reasons">
              {decision.reasons.map((r, i) => (
                <li key={`${r.rule}-${i}`} className={`gate-reason gate-reason-${r.severity}`} data-rule={r.rule}>
                  <span className="gate-reason-text">{reasonWords(r, i18n.language, format)}</span>
                  <span className="gate-reason-source">{t('gate.source', { source: sourceWords(r.source, i18n.language) })}</span>
                </li>
              ))}
            </ul>
          )}
          <p className="message-gate-at muted">{t('messaging.gate.checkedAt', { time: format.zoned(decision.evaluatedAt) })}</p>
        </div>
      )}
      {draft && (
        <button type="button" className="button button-primary message-send" data-testid="message-send"
          disabled={sending || !preview || preview.decision.decision === 'block'} onClick={() => void send()}>
          {sending ? t('messaging.sending') : t(`messaging.send.${choice.channel}`)}
        </button>
      )}
      {lastSent && lastSent.status === 'refused' && <p className="form-error" role="alert">{t('messaging.refused')}</p>}
      <MessageList account={account} />
    </section>
  );
}

function MessageList({ account }: { account: AccountDetail }) {
  const api = useApi();
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const messages = useAccountMessages(api, account.account.id);
  if (!messages) return null;
  const eventText = (m: MessageRecord, e: MessageRecord['events'][number]) => {
    const d = e.detail;
    switch (e.kind) {
      case 'requested': return t('messaging.event.requested', { who: String(d.username ?? d.userId ?? '') });
      case 'refused': return t('messaging.event.refused', { rules: m.decision.reasons.filter((r) => r.severity === 'block').map((r) => reasonWords(r, i18n.language, format)).join('; ') });
      case 'failed': return t('messaging.event.failed', { why: String(d.state ?? d.error ?? '') });
      case 'bounced': return t('messaging.event.bounced', { why: String(d.status ?? d.response ?? d.code ?? '') });
      case 'reply': return t('messaging.event.reply', { from: String(d.from ?? ''), text: String(d.text ?? '') });
      case 'opt_out': return t('messaging.event.opt_out', { channel: t(`messaging.channelName.${String(d.channel) === 'email' ? 'email' : 'sms'}`) });
      default: return t(`messaging.event.${e.kind}`);
    }
  };
  return (
    <div className="message-history">
      <h3>{t('messaging.list')}</h3>
      {messages.stale && (
        <p className="notice notice-info message-stale" data-testid="messages-stale">
          {messages.fetchedAt ? t('messaging.stale', { time: format.dateTime(messages.fetchedAt) }) : t('messaging.staleNever')}
        </p>
      )}
      {messages.messages.length === 0 && <p className="muted">{t('messaging.empty')}</p>}
      <ol className="message-list" data-testid="message-list">
        {messages.messages.map((m) => (
          <li key={m.id} className="message-item" data-testid="message-item" data-status={m.status} data-channel={m.channel}>
            <p className="message-item-line">
              <strong>{t(`messaging.channel.${m.channel}`)}</strong>
              <span className="message-to">{m.channel === 'sms' ? formatPhone(m.to) : m.to}</span>
              <span className={`message-status message-status-${m.status}`} data-testid="message-status">{t(`messaging.status.${m.status}`)}</span>
            </p>
            <p className="message-item-body">{m.subject ? `${m.subject} — ` : ''}{m.body}</p>
            <details className="message-events">
              <summary>{format.dateTime(m.createdAt)}</summary>
              <ol>
                {m.events.map((e) => (
                  <li key={e.id}>
                    <time dateTime={e.at}>{format.dateTime(e.at)}</time> {eventText(m, e)}
                    {e.kind === 'reply' && <ComplaintFromReply accountId={account.account.id} messageId={m.id} from={String(e.detail.from ?? '')} text={String(e.detail.text ?? '')} />}
                  </li>
                ))}
              </ol>
            </details>
          </li>
        ))}
      </ol>
      {messages.loose.filter((e) => e.kind === 'reply').map((e) => (
        <p key={e.id} className="message-reply" data-testid="message-reply">
          <time dateTime={e.at}>{format.dateTime(e.at)}</time> {t('messaging.event.reply', { from: formatPhone(String(e.detail.from ?? '')), text: String(e.detail.text ?? '') })}
          <ComplaintFromReply accountId={account.account.id} messageId={null} from={formatPhone(String(e.detail.from ?? ''))} text={String(e.detail.text ?? '')} />
        </p>
      ))}
    </div>
  );
}

/**
 * Opt-outs the central server recorded (a STOP or 退订 reply) that have not reached this console as
 * holds yet. Since schema 16 each opt-out is also a hold (sms_opt_out on the phone with that number,
 * email_opt_out on the address's party, the note naming it) that the header's hold banners show
 * once the compliance bucket is pulled; until then, this says it, so nothing shows twice.
 */
export function unsyncedOptOuts(optOuts: AccountMessages['optOuts'], account: Pick<AccountDetail, 'holds' | 'phones'>, now: number): AccountMessages['optOuts'] {
  const held = activeHolds(account.holds, now).filter((h) => h.kind === 'sms_opt_out' || h.kind === 'email_opt_out');
  return optOuts.filter((o) => !held.some((h) => {
    if (h.kind !== (o.channel === 'sms' ? 'sms_opt_out' : 'email_opt_out')) return false;
    const number = o.channel === 'sms' ? account.phones.find((p) => p.id === h.phoneId)?.number : undefined;
    return sameAddress(o.channel, h.note, o.address) || (number !== undefined && sameAddress('sms', number, o.address));
  }));
}

/** The channels the person opted out of, as holds at the top of the account, while the holds themselves are not here yet. */
export function OptOutBanners({ account }: { account: AccountDetail }) {
  const api = useApi();
  const { t } = useTranslation();
  const format = useFormat();
  const messages = useAccountMessages(api, account.account.id);
  const pending = messages ? unsyncedOptOuts(messages.optOuts, account, consoleNow().getTime()) : [];
  if (pending.length === 0) return null;
  return (
    <section className="holds message-opt-outs" aria-label={t('messaging.title')}>
      {pending.map((o) => (
        <div key={`${o.channel}-${o.address}`} className="hold-banner" data-testid="message-opt-out" data-channel={o.channel}>
          <span className="hold-banner-icon" aria-hidden="true">!</span>
          <p className="hold-banner-title">
            <strong>{t('timelineMessages.kind.message_opt_out')}</strong>
            <span>{t('messaging.optOut', { channel: t(`messaging.channelName.${o.channel}`), address: o.channel === 'sms' ? formatPhone(o.address) : o.address, time: format.dateTime(o.at) })}</span>
          </p>
        </div>
      ))}
    </section>
  );
}

/** Beside a reply: starts a complaint with it in the complaints panel (complaints/intake.ts). */
function ComplaintFromReply(intake: ComplaintIntake) {
  const { t } = useTranslation();
  return (
    <button type="button" className="button message-reply-complaint" data-testid="message-reply-complaint"
      onClick={() => startComplaintFromMessage(intake)}>
      {t('complaints.fromReplyButton')}
    </button>
  );
}
