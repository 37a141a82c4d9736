// A team lead on an agent's call (docs/monitor.md): the Listen / Whisper / Barge buttons on a
// board row, and the bar that stays on screen while the lead is on the call, to switch modes
// or leave.
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MONITOR_MODES, type MonitorMode } from '../../../shared/domain/monitor';
import type { AgentPresence } from '../../../shared/presence/protocol';
import { errorText } from '../../app/error-text';
import { useNotify } from '../../app/Toasts';
import { useNow } from '../../app/use-now';
import { duration } from '../board/duration';
import { useSoftphone } from '../../softphone/SoftphoneProvider';
import './monitor.css';

/** Joining an agent's call from their board row while they are on one: a compact menu of the
 *  three modes, each with what it means (the board is wide already). */
export function MonitorButtons({ agent }: { agent: AgentPresence }) {
  const { t } = useTranslation();
  const notify = useNotify();
  const phone = useSoftphone();
  const menu = useRef<HTMLDetailsElement>(null);
  const [starting, setStarting] = useState(false);
  if (agent.state !== 'on_call') return null;
  const here = phone.monitoring?.agentId === agent.agentId;
  if (here) return <span className="monitor-here" data-testid="monitor-here">{t(`monitor.mode.${phone.monitoring!.mode}`)}</span>;
  const blocked = phone.registration.state !== 'registered' ? t('monitor.needsPhone') : phone.active || phone.monitoring ? t('monitor.busy') : null;
  if (blocked) {
    return <button type="button" className="button monitor-join" data-testid="monitor-join" disabled title={blocked}>{t('monitor.joinShort')}</button>;
  }

  async function join(mode: MonitorMode): Promise<void> {
    if (menu.current) menu.current.open = false;
    setStarting(true);
    try {
      await phone.startMonitor(agent.agentId, mode);
    } catch (e) {
      notify('error', t('monitor.failed', { reason: errorText(t, e) }));
    } finally {
      setStarting(false);
    }
  }

  return (
    // Fixed to the viewport where it opens: the board's table scrolls, and would clip it.
    <details className="monitor-menu" ref={menu} onToggle={(e) => placeMenu(e.currentTarget)}>
      <summary className="button monitor-join" data-testid="monitor-join" aria-label={t('monitor.join', { agent: agent.name })}>{t('monitor.joinShort')} ▾</summary>
      <div className="monitor-menu-list" role="menu">
        {MONITOR_MODES.map((mode) => (
          <button key={mode} type="button" role="menuitem" className="monitor-menu-item" data-testid={`monitor-${mode}`} disabled={starting} onClick={() => void join(mode)}>
            <strong>{t(`monitor.mode.${mode}`)}</strong>
            <span>{t(`monitor.modeHint.${mode}`)}</span>
          </button>
        ))}
      </div>
    </details>
  );
}

function placeMenu(details: HTMLDetailsElement): void {
  const list = details.querySelector<HTMLElement>('.monitor-menu-list');
  if (!details.open || !list) return;
  const anchor = details.getBoundingClientRect();
  const below = window.innerHeight - anchor.bottom > list.offsetHeight + 8;
  list.style.top = `${below ? anchor.bottom + 4 : Math.max(8, anchor.top - list.offsetHeight - 4)}px`;
  list.style.left = `${Math.max(8, anchor.right - list.offsetWidth)}px`;
}

/** While the lead is on an agent's call, wherever they are in the console. */
export function MonitorBar() {
  const { t } = useTranslation();
  const notify = useNotify();
  const phone = useSoftphone();
  useNow(1000); // ticks the call timer
  const m = phone.monitoring;
  if (!m) return null;
  const connected = m.state === 'established';

  async function switchTo(mode: MonitorMode): Promise<void> {
    if (m?.mode === mode) return;
    try {
      await phone.setMonitorMode(mode);
    } catch (e) {
      notify('error', t('monitor.switchFailed', { mode: t(`monitor.mode.${mode}`), reason: errorText(t, e) }));
    }
  }

  return (
    <div className={`monitor-bar monitor-bar-${m.mode}`} role="status" data-testid="monitor-bar" data-mode={m.mode} data-state={m.state}>
      <span className="monitor-bar-dot" aria-hidden="true" />
      <span className="monitor-bar-text">
        {connected ? t(`monitor.bar.${m.mode}`, { agent: m.agentName }) : t('monitor.connecting', { agent: m.agentName })}
        {connected && m.answeredAt !== null && <span className="monitor-bar-time"> · {duration(Date.now() - m.answeredAt)}</span>}
      </span>
      <div className="monitor-modes" role="radiogroup" aria-label={t('monitor.join', { agent: m.agentName })}>
        {MONITOR_MODES.filter((mode) => m.modes.includes(mode)).map((mode) => (
          <button
            key={mode} type="button" role="radio" aria-checked={m.mode === mode} className={`monitor-mode${m.mode === mode ? ' monitor-mode-on' : ''}`}
            data-testid={`monitor-bar-${mode}`} disabled={!connected} title={t(`monitor.modeHint.${mode}`)} onClick={() => void switchTo(mode)}
          >
            {t(`monitor.mode.${mode}`)}
          </button>
        ))}
      </div>
      <button type="button" className="button button-danger monitor-leave" data-testid="monitor-leave" onClick={() => void phone.stopMonitor()}>
        {t('monitor.leave')}
      </button>
    </div>
  );
}

/** An agent's call panel: a lead on the call, as the organisation's policy says to show it. */
export function MonitoredNotice() {
  const { t } = useTranslation();
  const { monitored } = useSoftphone();
  // A lead who only listens is shown only where policy says so; one the agent hears always is.
  if (!monitored || (monitored.mode === 'listen' && !monitored.notifyAgent)) return null;
  return (
    <p className={`monitored-notice monitored-notice-${monitored.mode}`} role="status" data-testid="monitored-notice" data-mode={monitored.mode}>
      {t(`monitor.agent.${monitored.mode}`, { lead: monitored.leadName })}
    </p>
  );
}
