// The notification outbox (GET /api/outbox): queued and delivered messages, recipients masked.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  type OutboxMessage,
  type OutboxPage,
  outboxChannels,
  outboxStatuses,
} from '../../../../server/src/platform/notify/notify.schemas';
import { apiFetch } from '../../app/api-client';

export type { OutboxMessage, OutboxPage };
export { outboxChannels, outboxStatuses };
export type OutboxStatus = (typeof outboxStatuses)[number];
export type OutboxChannel = (typeof outboxChannels)[number];

export type OutboxFilter = { status?: OutboxStatus; channel?: OutboxChannel; page: number; pageSize: number };

export function useOutbox(f: OutboxFilter) {
  return useQuery({
    queryKey: ['outbox', f],
    queryFn: () => apiFetch<OutboxPage>('/outbox', { query: f }),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
}
