// What the queue remembers while the agent is away in an account or in settings.
import type { Api } from '../../api/client';
import { EMPTY_FORM, type FilterForm } from './queue-filter';
import { QueuePages } from './queue-pages';

export interface QueueMemory {
  form: FilterForm;
  /** Scroll position, valid only for the filter it was taken under. */
  scroll: { filterKey: string; offset: number };
  pages: QueuePages;
  /** The core's queue version the cached pages reflect. */
  queueVersion: number | null;
}

export function createQueueMemory(api: Api): QueueMemory {
  return {
    form: EMPTY_FORM,
    scroll: { filterKey: '', offset: 0 },
    pages: new QueuePages((filter, offset, limit) => api.invoke('queue.page', { filter, offset, limit })),
    queueVersion: null,
  };
}
