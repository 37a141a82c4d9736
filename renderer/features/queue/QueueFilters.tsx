import { useTranslation } from 'react-i18next';
import { Region, Stage } from '../../../shared/domain/portfolio';
import { EMPTY_FORM, type FilterForm, hasFilters } from './queue-filter';

interface Props {
  form: FilterForm;
  onChange: (form: FilterForm) => void;
}

type RangeField = 'dpdMin' | 'dpdMax' | 'balanceMin' | 'balanceMax';

export function QueueFilters({ form, onChange }: Props) {
  const { t } = useTranslation();
  const set = (patch: Partial<FilterForm>) => onChange({ ...form, ...patch });

  function rangeInput(field: RangeField, testId: string, step: string) {
    return (
      <input
        type="number"
        inputMode="decimal"
        className="filter-number"
        data-testid={testId}
        aria-label={t(`queue.${field}`)}
        placeholder={field.endsWith('Min') ? t('queue.min') : t('queue.max')}
        step={step}
        min={field.startsWith('balance') ? 0 : undefined}
        value={form[field]}
        onChange={(e) => set({ [field]: e.target.value })}
      />
    );
  }

  return (
    <div className="queue-filters" role="group" aria-label={t('queue.filters')}>
      <label className="filter">
        <span>{t('queue.stage')}</span>
        <select data-testid="filter-stage" value={form.stage} onChange={(e) => set({ stage: e.target.value === '' ? '' : Stage.parse(e.target.value) })}>
          <option value="">{t('queue.allStages')}</option>
          {Stage.options.map((stage) => <option key={stage} value={stage}>{t(`stage.${stage}`)}</option>)}
        </select>
      </label>
      <label className="filter">
        <span>{t('queue.region')}</span>
        <select data-testid="filter-region" value={form.region} onChange={(e) => set({ region: e.target.value === '' ? '' : Region.parse(e.target.value) })}>
          <option value="">{t('queue.allRegions')}</option>
          {Region.options.map((region) => <option key={region} value={region}>{t(`region.${region}`)}</option>)}
        </select>
      </label>
      <div className="filter">
        <span>{t('queue.dpd')}</span>
        <span className="filter-range">
          {rangeInput('dpdMin', 'filter-dpd-min', '1')}
          <span aria-hidden="true">–</span>
          {rangeInput('dpdMax', 'filter-dpd-max', '1')}
        </span>
      </div>
      <div className="filter">
        <span>{t('queue.balance')}</span>
        <span className="filter-range">
          {rangeInput('balanceMin', 'filter-balance-min', '0.01')}
          <span aria-hidden="true">–</span>
          {rangeInput('balanceMax', 'filter-balance-max', '0.01')}
        </span>
      </div>
      {hasFilters({ ...form, search: '' }) && (
        <button type="button" className="button button-quiet filter-clear" onClick={() => onChange({ ...EMPTY_FORM, search: form.search })}>
          {t('queue.clearFilters')}
        </button>
      )}
    </div>
  );
}
