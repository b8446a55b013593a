// A request's steps like a parcel's tracking: newest first, each with what happened, when, by which unit, and the note.
import { Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import type { EventAction, TimelineEvent } from '../../../../../server/src/modules/services/services.schemas';
import { formatDateTime } from '../../../lib/china-time';

const colors: Partial<Record<EventAction, string>> = {
  returned: 'orange',
  refused: 'red',
  rejected: 'red',
  withdrawn: 'gray',
  done: 'green',
  rated: 'gold',
  alerted: 'red',
};

export function RequestTimeline({ events, showNames }: { events: TimelineEvent[]; showNames?: boolean }) {
  const { t, i18n } = useTranslation('services');
  const newestFirst = [...events].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Timeline
      data-testid="request-timeline"
      items={newestFirst.map((e, i) => ({
        key: e.id,
        color: i === 0 ? (colors[e.action] ?? '#c8102e') : (colors[e.action] ?? 'gray'),
        content: (
          <div className="svc-event" data-testid="timeline-event" data-action={e.action}>
            <div className="svc-event-head">
              <strong>{t(`events.${e.action}`)}</strong>
              <span className="svc-muted">{formatDateTime(e.at, i18n.language)}</span>
            </div>
            <div className="svc-muted">
              {e.actorLabel}
              {showNames && e.actorName ? ` · ${e.actorName}` : ''}
            </div>
            {e.note && <div className="svc-event-note">{e.note}</div>}
          </div>
        ),
      }))}
    />
  );
}
