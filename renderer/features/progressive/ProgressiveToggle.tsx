// The top bar's switch for progressive dialling and what it is doing (why it stopped, and
// Resume, are in the bar under the top bar).
import { useTranslation } from 'react-i18next';
import { useProgressive } from './ProgressiveProvider';
import type { Mode } from './progressive-rules';
import './progressive.css';

/** Short: the bar under the top bar says the rest. */
function stateKey(mode: Mode): 'running' | 'nothing' | 'paused' {
  return mode.kind === 'paused' ? 'paused' : mode.kind === 'nothing' ? 'nothing' : 'running';
}

export function ProgressiveToggle() {
  const { t } = useTranslation();
  const { mode, setEnabled } = useProgressive();
  const on = mode.kind !== 'off';
  return (
    <div className="progressive-toggle" data-testid="progressive-toggle" data-mode={mode.kind} title={t('progressive.toggleTitle')}>
      <label className="progressive-switch">
        <input type="checkbox" role="switch" data-testid="progressive-switch" checked={on} onChange={(e) => {
          // Off the switch at once: the talk track's and the wrap-up's letter keys skip a focused input.
          e.currentTarget.blur();
          void setEnabled(e.target.checked);
        }} />
        <span>{t('progressive.toggle')}</span>
      </label>
      {on && <span className={`progressive-state progressive-state-${stateKey(mode)}`} data-testid="progressive-state">{t(`progressive.state.${stateKey(mode)}`)}</span>}
    </div>
  );
}
