// The notification outbox (GET /api/outbox): queued and delivered messages, recipients masked.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiFetch } from '../../app/api-client';

export const outboxStatuses = ['pending', 'sending', 'sent', 'dead'] as const;
export const outboxChannels = ['sms', 'email'] as const;
export type OutboxStatus = (typeof outboxStatuses)[number];
export type OutboxChannel = (typeof outboxChannels)[number];

/** Mirrors the response schema declared in server/src/platform/notify/notify.routes.ts. */
export type OutboxMessage = {
  id: string;
  channel: string;
  template: string;
  recipient: string;
  subject: string | null;
  body: string;
  status: string;
  attempts: number;
  lastError: string | null;
  adapter: string | null;
  createdAt: string;
  sentAt: string | null;
};
export type OutboxPage = { items: OutboxMessage[]; total: number; page: number; pageSize: number };
export type OutboxFilter = { status?: OutboxStatus; channel?: OutboxChannel; page: number; pageSize: number };

export function useOutbox(f: OutboxFilter) {
  return useQuery({
    queryKey: ['outbox', f],
    queryFn: () => apiFetch<OutboxPage>('/outbox', { query: f }),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
}
