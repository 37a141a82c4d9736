// The top bar's switch for progressive dialling, what it is doing, and Resume when it stopped.
import { useTranslation } from 'react-i18next';
import { useProgressive } from './ProgressiveProvider';
import type { Mode } from './progressive-rules';
import './progressive.css';

function stateKey(mode: Mode): 'running' | 'waiting' | 'finding' | 'nothing' | 'paused' {
  switch (mode.kind) {
    case 'paused':
      return 'paused';
    case 'nothing':
      return 'nothing';
    case 'finding':
      return 'finding';
    case 'waiting':
    case 'calling':
      return 'waiting';
    default:
      return 'running';
  }
}

export function ProgressiveToggle() {
  const { t } = useTranslation();
  const { mode, setEnabled, resume } = useProgressive();
  const on = mode.kind !== 'off';
  return (
    <div className="progressive-toggle" data-testid="progressive-toggle" data-mode={mode.kind} title={t('progressive.toggleTitle')}>
      <label className="progressive-switch">
        <input type="checkbox" role="switch" data-testid="progressive-switch" checked={on} onChange={(e) => void setEnabled(e.target.checked)} />
        <span>{t('progressive.toggle')}</span>
      </label>
      {on && <span className={`progressive-state progressive-state-${stateKey(mode)}`} data-testid="progressive-state">{t(`progressive.state.${stateKey(mode)}`)}</span>}
      {mode.kind === 'paused' && (
        <button type="button" className="button progressive-resume" data-testid="progressive-resume" title={t('progressive.resumeTitle')} onClick={resume}>
          {t('progressive.resume')}
        </button>
      )}
    </div>
  );
}
