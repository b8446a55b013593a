// The columns the work queue and the search share: deadline, number, service, applicant (masked), status, unit, time.
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RequestSummary } from '../../../../../server/src/modules/services/services.schemas';
import { formatDateTime } from '../../../lib/china-time';
import { usePick } from '../components/labels';
import { DeadlineTag, StatusTag } from '../components/status-tag';

export function useRequestColumns(): TableColumnsType<RequestSummary> {
  const { t, i18n } = useTranslation('services');
  const { pick } = usePick();
  return [
    {
      title: t('fields.deadline'),
      key: 'deadline',
      width: 150,
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
      width: 200,
      render: (v: string) => <span className="svc-mono">{v}</span>,
    },
    {
      title: t('fields.item'),
      key: 'item',
      // The service is what staff read first: it takes the room the fixed columns leave (at least 200 px).
      ellipsis: { showTitle: true },
      minWidth: 200,
      render: (_, r) => pick(r.itemNameZh, r.itemNameEn),
    },
    {
      title: t('fields.applicant'),
      key: 'applicant',
      width: 140,
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
      width: 110,
      render: (s: RequestSummary['status']) => <StatusTag status={s} />,
    },
    { title: t('fields.unit'), dataIndex: 'orgName', width: 150, ellipsis: true },
    {
      title: t('fields.submittedAt'),
      dataIndex: 'submittedAt',
      width: 165,
      render: (v: string) => formatDateTime(v, i18n.language),
    },
  ];
}
