// The columns the work queue and the search share: deadline, number, service, applicant (masked), status, unit, time.
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RequestSummary } from '../../../../../server/src/modules/services/services.schemas';
import { formatDateTime } from '../../../lib/format-time';
import { usePick } from '../components/labels';
import { DeadlineTag, StatusTag } from '../components/status-tag';

export function useRequestColumns(): TableColumnsType<RequestSummary> {
  const { t, i18n } = useTranslation('services');
  const { pick } = usePick();
  return [
    {
      title: t('fields.deadline'),
      key: 'deadline',
      width: 210,
      render: (_, r) => (
        <div>
          <DeadlineTag request={r} />
          {r.deadlineOn && <div className="svc-muted">{r.deadlineOn}</div>}
        </div>
      ),
    },
    {
      title: t('fields.requestNo'),
      dataIndex: 'requestNo',
      width: 190,
      render: (v: string) => <span className="svc-mono">{v}</span>,
    },
    {
      title: t('fields.item'),
      key: 'item',
      ellipsis: true,
      render: (_, r) => pick(r.itemNameZh, r.itemNameEn),
    },
    {
      title: t('fields.applicant'),
      key: 'applicant',
      width: 150,
      render: (_, r) => (
        <div>
          <div>{r.applicantNameMasked}</div>
          <div className="svc-muted">{r.applicantPhoneMasked}</div>
        </div>
      ),
    },
    {
      title: t('fields.status'),
      dataIndex: 'status',
      width: 160,
      render: (s: RequestSummary['status']) => <StatusTag status={s} />,
    },
    { title: t('fields.unit'), dataIndex: 'orgName', width: 180, ellipsis: true },
    {
      title: t('fields.submittedAt'),
      dataIndex: 'submittedAt',
      width: 170,
      render: (v: string) => formatDateTime(v, i18n.language),
    },
  ];
}
