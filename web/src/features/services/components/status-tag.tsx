// A request's status as a coloured tag, and its deadline as a red (overdue) / orange (due soon) / plain tag.
import { ClockCircleOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RequestStatus, RequestSummary } from '../../../../../server/src/modules/services/services.schemas';
import { deadlineLabel, deadlineTone } from '../deadline';

const statusColors: Record<RequestStatus, string> = {
  submitted: 'processing',
  returned: 'warning',
  accepted: 'cyan',
  in_progress: 'blue',
  done: 'success',
  rejected: 'error',
  refused: 'error',
  withdrawn: 'default',
};

export function StatusTag({ status }: { status: RequestStatus }) {
  const { t } = useTranslation('services');
  return (
    <Tag color={statusColors[status]} data-testid="request-status" data-status={status} style={{ marginInlineEnd: 0 }}>
      {t(`status.${status}`)}
    </Tag>
  );
}

type Deadline = Pick<RequestSummary, 'status' | 'deadlineOn' | 'isOverdue' | 'isDueSoon' | 'workingDaysLeft'>;

export function DeadlineTag({ request }: { request: Deadline }) {
  const { t } = useTranslation('services');
  const tone = deadlineTone(request);
  const label = deadlineLabel(request);
  if (label.key === 'none') {
    return null;
  }
  const color = tone === 'overdue' ? 'red' : tone === 'dueSoon' ? 'orange' : 'default';
  const text = label.key === 'dueToday' ? t('deadline.dueToday') : t(`deadline.${label.key}`, { days: label.days });
  return (
    <Tag
      color={color}
      variant={tone === 'normal' ? 'outlined' : 'solid'}
      icon={<ClockCircleOutlined />}
      data-testid="deadline-tag"
      data-tone={tone}
      style={{ marginInlineEnd: 0 }}
    >
      {text}
    </Tag>
  );
}
