// A receipt request's status as a coloured tag (queue and gift drawer).
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RequestStatus } from '../api';

const statusColors: Record<RequestStatus, string> = { requested: 'processing', issued: 'success', refused: 'error' };

export function RequestStatusTag({ status }: { status: RequestStatus }) {
  const { t } = useTranslation('receipts');
  return <Tag color={statusColors[status]}>{t(`requestStatuses.${status}`)}</Tag>;
}
