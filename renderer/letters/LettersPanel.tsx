// Letters on the account screen (docs/messaging.md "Letters"): choose the letter of the account's
// region (the Reg F validation notice in English or Spanish, the Chinese overdue notice), see
// whether a hold stops it and why, issue it through the central server, and open, download or
// print each letter the account has. Letters go to the debtor at the address on file only.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountDetail } from '../../shared/api/contract';
import { ApiError } from '../../shared/api/errors';
import type { LetterList, LetterRecord } from '../../shared/messaging/letters';
import { useApi } from '../api/ApiContext';
import { errorText } from '../app/error-text';
import { useFormat } from '../app/format';
import { useNotify } from '../app/Toasts';
import { useNow } from '../app/use-now';
import { letterBlock, letterChoices, refusedForHold, type LetterChoice, type StoppingHold } from './letter-gate';
import { type PdfAction, usePdf } from './pdf';
import './letters.css';

const key = (c: LetterChoice) => `${c.type}:${c.language}`;

interface Draft {
  choiceKey: string;
  /** One per letter the agent means: a retry after a failure sends the same, a new choice or a letter issued starts another. */
  requestId: string;
  /** The last refusal or failure, said until the agent chooses again or the letter goes. */
  failed: unknown;
}

/** Kept per account while the account view reloads around the panel (it remounts). */
const drafts = new Map<string, Draft>();

export function LettersPanel({ account, onChanged }: { account: AccountDetail; onChanged: () => void }) {
  const api = useApi();
  const { t } = useTranslation();
  const format = useFormat();
  const notify = useNotify();
  const now = useNow(30_000);
  const accountId = account.account.id;
  const choices = letterChoices(account.account.region);
  const kept = drafts.get(accountId);
  const [draft, setDraftState] = useState<Draft>(() => kept ?? { choiceKey: key(choices[0]!), requestId: crypto.randomUUID(), failed: null });
  const setDraft = (next: Draft) => {
    drafts.set(accountId, next);
    setDraftState(next);
  };
  const choice = choices.find((c) => key(c) === draft.choiceKey) ?? choices[0]!;
  const failed = draft.failed;
  const [list, setList] = useState<LetterList | null>(null);
  const [listError, setListError] = useState<unknown>(null);
  const [issuing, setIssuing] = useState(false);
  const debtor = account.parties.find((p) => p.kind === 'debtor');

  const load = useCallback(() => {
    api.invoke('letters.account', { accountId }).then((l) => (setList(l), setListError(null)), (e: unknown) => setListError(e));
  }, [api, accountId]);
  useEffect(load, [load]);

  const block = letterBlock(account, now.getTime());
  const serverHold: StoppingHold | null = failed instanceof ApiError && failed.code === 'FORBIDDEN' ? refusedForHold(failed.message) : null;

  function choose(next: string): void {
    setDraft({ choiceKey: next, requestId: crypto.randomUUID(), failed: null });
  }

  async function issue(): Promise<void> {
    setIssuing(true);
    try {
      const letter = await api.invoke('letters.issue', { requestId: draft.requestId, accountId, type: choice.type, language: choice.language });
      setDraft({ ...draft, requestId: crypto.randomUUID(), failed: null });
      notify('success', t('letters.issued', { letter: t(`letters.kind.${letter.type}`), amount: format.money(letter.amounts.totalMinor, letter.amounts.currency), date: format.date(letter.issuedOn) }));
      load();
      onChanged();
    } catch (err) {
      // Kept with its request id: a retry asks for the same letter, which the server issues once.
      setDraft({ ...draft, failed: err });
    } finally {
      setIssuing(false);
    }
  }

  const blockText = block?.reason === 'hold'
    ? t('letters.hold', { hold: t(`hold.${block.kind}`), since: format.dateTime(block.since) })
    : block?.reason === 'nothing_owed' ? t('letters.nothingOwed') : null;
  const retrying = failed !== null && serverHold === null;

  return (
    <section className="panel letters-panel" data-testid="letters-panel" aria-labelledby="letters-title">
      <h2 id="letters-title">{t('letters.title')}</h2>
      <label className="field">
        <span>{t('letters.letter')}</span>
        <select data-testid="letter-choice" value={key(choice)} onChange={(e) => choose(e.target.value)}>
          {choices.map((c) => <option key={key(c)} value={key(c)}>{`${t(`letters.type.${c.type}`)} · ${t(`letters.language.${c.language}`)}`}</option>)}
        </select>
      </label>
      {debtor && <p className="muted letters-to">{t('letters.to', { name: debtor.name })}</p>}
      <div className={`letter-gate letter-gate-${block || serverHold ? 'block' : 'allow'}`} data-testid="letter-gate" data-decision={block || serverHold ? 'block' : 'allow'}>
        <p className="letter-gate-label">{block || serverHold ? t('letters.blocked') : t('letters.can')}</p>
        {blockText && <p data-testid="letter-refusal">{blockText}</p>}
        {!block && serverHold && <p data-testid="letter-refusal" role="alert">{t('letters.holdServer', { hold: t(`hold.${serverHold}`) })}</p>}
        {(block?.reason === 'hold' || serverHold) && (
          <p className="letter-gate-source">{t('gate.source', { source: t(`letters.rule.${block?.reason === 'hold' ? block.kind : serverHold!}`) })}</p>
        )}
      </div>
      {failed !== null && serverHold === null && <p className="form-error" role="alert" data-testid="letter-error">{errorText(t, failed)}</p>}
      <button type="button" className="button button-primary letter-issue" data-testid="letter-issue" disabled={issuing || block !== null}
        onClick={() => void issue()}>
        {issuing ? t('letters.issuing') : retrying ? t('letters.retry') : t('letters.issue')}
      </button>
      <div className="letter-history">
        <h3>{t('letters.list')}</h3>
        {listError !== null && <p className="form-error">{t('letters.listFailed', { reason: errorText(t, listError) })}</p>}
        {!list && listError === null && <p className="muted">{t('letters.loading')}</p>}
        {list && list.letters.length === 0 && <p className="muted">{t('letters.empty')}</p>}
        {list && list.letters.length > 0 && (
          <ol className="letter-list" data-testid="letter-list">
            {[...list.letters].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((l) => <LetterItem key={l.id} letter={l} />)}
          </ol>
        )}
      </div>
    </section>
  );
}

function LetterItem({ letter }: { letter: LetterRecord }) {
  const { t } = useTranslation();
  const format = useFormat();
  const notify = useNotify();
  const { busy, run } = usePdf(letter);
  const act = (action: PdfAction) => () => {
    void run(action).then((outcome) => {
      if (outcome === 'downloaded-instead') notify('success', t('letters.windowBlocked'));
    }, (err: unknown) => notify('error', err instanceof Error && err.message === 'hash' ? t('letters.hashMismatch') : errorText(t, err)));
  };
  return (
    <li className="letter-item" data-testid="letter-item" data-letter-id={letter.id} data-type={letter.type} data-language={letter.language}>
      <p className="letter-item-line">
        <strong>{t(`letters.kind.${letter.type}`)}</strong>
        <span className="letter-language">{t(`letters.language.${letter.language}`)}</span>
        <span className="letter-total">{t('letters.total', { amount: format.money(letter.amounts.totalMinor, letter.amounts.currency) })}</span>
      </p>
      <p className="letter-item-meta">
        <span>{t('letters.issuedOn', { date: format.date(letter.issuedOn) })}</span>
        {letter.respondBy && <span>{t('letters.respondBy', { date: format.date(letter.respondBy) })}</span>}
        {letter.daysOverdue !== null && <span>{t('letters.daysOverdue', { days: letter.daysOverdue })}</span>}
        <span className="letter-hash" title={letter.sha256}>SHA-256 {letter.sha256.slice(0, 12)}…</span>
      </p>
      <div className="letter-actions">
        <button type="button" className="button" data-testid="letter-open" disabled={busy} onClick={act('open')}>{t('letters.open')}</button>
        <button type="button" className="button" data-testid="letter-download" disabled={busy} onClick={act('download')}>{t('letters.download')}</button>
        <button type="button" className="button" data-testid="letter-print" disabled={busy} onClick={act('print')}>{t('letters.print')}</button>
        {busy && <span className="muted">{t('letters.opening')}</span>}
      </div>
    </li>
  );
}
