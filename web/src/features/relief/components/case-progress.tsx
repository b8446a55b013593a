// A case followed like a parcel: the seven steps with the date each was reached, then every event of the timeline
// (newest first) with its unit and note. Used by the applicant's status page and the console's case page.
import { Steps, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseEventView, CaseStatus } from '../../../../../server/src/modules/relief/relief.schemas';
import { chinaDay, chinaMinute } from '../../../lib/china-time';

const steps = ['submit', 'verify', 'review', 'approve', 'notice', 'pay', 'close'] as const;
type Step = (typeof steps)[number];

/** The events that complete each step. */
const stepEvents: Record<Step, CaseEventView['event'][]> = {
  submit: ['submitted', 'resubmitted'],
  verify: ['verified'],
  review: ['reviewed'],
  approve: ['approved'],
  notice: ['notice_started'],
  pay: ['paid'],
  close: ['closed'],
};

/** The step a case in this status works on now (index into steps); all done when closed. */
const currentStep: Record<CaseStatus, number> = {
  submitted: 1,
  returned: 0,
  verified: 2,
  reviewed: 3,
  approved: 4,
  on_notice: 4,
  payout_requested: 5,
  paid: 6,
  followed_up: 6,
  closed: 7,
  rejected: -1,
};

export function CaseSteps({
  status,
  timeline,
  vertical,
}: {
  status: CaseStatus;
  timeline: CaseEventView[];
  vertical?: boolean;
}) {
  const { t } = useTranslation('relief');
  const reached = (step: Step) => {
    const found = timeline.filter((e) => stepEvents[step].includes(e.event));
    return found.length > 0 ? found[found.length - 1] : undefined;
  };
  let current = currentStep[status];
  if (status === 'rejected') {
    // Refused at the first step not yet reached.
    const firstOpen = steps.findIndex((s) => !reached(s));
    current = firstOpen === -1 ? steps.length - 1 : firstOpen;
  }
  return (
    <Steps
      orientation={vertical ? 'vertical' : 'horizontal'}
      size="small"
      current={Math.min(current, steps.length - 1)}
      status={
        status === 'rejected'
          ? 'error'
          : status === 'returned'
            ? 'error'
            : current >= steps.length
              ? 'finish'
              : 'process'
      }
      items={steps.map((s) => {
        const event = reached(s);
        return {
          title: t(`status.steps.${s}`),
          content: event ? chinaDay(event.at) : undefined,
        };
      })}
      data-testid="case-steps"
    />
  );
}

export function CaseTimeline({ timeline }: { timeline: CaseEventView[] }) {
  const { t } = useTranslation('relief');
  const newestFirst = [...timeline].reverse();
  return (
    <Timeline
      data-testid="case-timeline"
      items={newestFirst.map((e, i) => ({
        key: e.id,
        color:
          e.event === 'rejected' || e.event === 'returned' || e.event === 'payout_rejected'
            ? 'red'
            : i === 0
              ? 'blue'
              : 'gray',
        content: (
          <div className="relief-event">
            <div className="relief-event-title">{t(`events.${e.event}`)}</div>
            <div className="relief-event-meta">
              {chinaMinute(e.at)}
              {e.orgName ? ` · ${e.orgName}` : ''}
              {e.actorName ? ` · ${e.actorName}` : ''}
            </div>
            {e.note && <div className="relief-event-note">{e.note}</div>}
          </div>
        ),
      }))}
    />
  );
}
