// The filter form as typed (strings, balances in major units) and the QueueFilter it means.
import type { QueueFilter } from '../../../shared/api/contract';
import { Region, Stage } from '../../../shared/domain/portfolio';

export interface FilterForm {
  search: string;
  stage: Stage | '';
  region: Region | '';
  dpdMin: string;
  dpdMax: string;
  balanceMin: string;
  balanceMax: string;
}

export const EMPTY_FORM: FilterForm = { search: '', stage: '', region: '', dpdMin: '', dpdMax: '', balanceMin: '', balanceMax: '' };

function wholeNumber(text: string): number | undefined {
  const n = Number(text);
  return text.trim() && Number.isFinite(n) ? Math.round(n) : undefined;
}

/** Major units as typed (12.50) to minor units (1250); a negative amount is no bound. */
function minorUnits(text: string): number | undefined {
  const major = Number(text);
  return text.trim() && Number.isFinite(major) && major >= 0 ? Math.round(major * 100) : undefined;
}

export function toQueueFilter(form: FilterForm): QueueFilter {
  const filter: QueueFilter = {
    search: form.search.trim() || undefined,
    stage: form.stage || undefined,
    region: form.region || undefined,
    dpdMin: wholeNumber(form.dpdMin),
    dpdMax: wholeNumber(form.dpdMax),
    balanceMin: minorUnits(form.balanceMin),
    balanceMax: minorUnits(form.balanceMax),
  };
  return Object.fromEntries(Object.entries(filter).filter(([, value]) => value !== undefined));
}

export function hasFilters(form: FilterForm): boolean {
  return Object.values(form).some((value) => value.trim() !== '');
}

export function filterKey(filter: QueueFilter): string {
  return JSON.stringify(filter);
}
