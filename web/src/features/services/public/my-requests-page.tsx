// /my/requests: the signed-in citizen's requests, newest first, each with its status, deadline and a way to rate
// finished ones; a tab picks open, to-correct or closed ones.
import { RightOutlined, StarOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Segmented, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import type { RequestStatus, RequestSummary } from '../../../../../server/src/modules/services/services.schemas';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { formatDateTime } from '../../../lib/china-time';
import { useMyRequests } from '../api';
import { usePick } from '../components/labels';
import { DeadlineTag, StatusTag } from '../components/status-tag';
import { isFinal } from '../deadline';
import '../components/services.css';

type Tab = 'all' | 'open' | 'returned' | 'finished';

function keep(tab: Tab, status: RequestStatus): boolean {
  if (tab === 'open') {
    return !isFinal(status) && status !== 'returned';
  }
  if (tab === 'finished') {
    return isFinal(status);
  }
  return true;
}

function RequestCard({ r }: { r: RequestSummary }) {
  const { t, i18n } = useTranslation('services');
  const { pick } = usePick();
  return (
    <Link
      to={`/requests/${r.id}`}
      className="svc-card svc-request-card"
      data-testid="my-request"
      data-request-no={r.requestNo}
    >
      <div className="svc-request-head">
        <h2 className="svc-request-name">{pick(r.itemNameZh, r.itemNameEn)}</h2>
        <StatusTag status={r.status} />
      </div>
      <div className="svc-request-meta">
        <span className="svc-mono">{r.requestNo}</span>
        <span className="svc-muted">{r.orgName}</span>
      </div>
      <div className="svc-request-meta">
        <span className="svc-muted">
          {t('mine.submittedAt', { time: formatDateTime(r.submittedAt, i18n.language) })}
        </span>
        <DeadlineTag request={r} />
        {r.status === 'submitted' && r.acceptDueOn && (
          <span className="svc-muted">{t('mine.acceptDueOn', { date: r.acceptDueOn })}</span>
        )}
        {r.dueOn && !isFinal(r.status) && r.status !== 'submitted' && (
          <span className="svc-muted">{t('mine.dueOn', { date: r.dueOn })}</span>
        )}
        {r.status === 'done' && r.stars === null && (
          <span className="svc-req">
            <StarOutlined /> {t('mine.rate')}
          </span>
        )}
        {r.stars !== null && <span className="svc-muted">{'★'.repeat(r.stars)}</span>}
        <RightOutlined className="svc-muted" style={{ marginInlineStart: 'auto' }} />
      </div>
    </Link>
  );
}

export function MyRequestsPage() {
  const { t } = useTranslation(['services', 'common']);
  const { data: me, isLoading: meLoading } = useMe();
  const [tab, setTab] = useState<Tab>('all');
  const [limit, setLimit] = useState(20);
  const status = tab === 'returned' ? 'returned' : undefined;
  const list = useMyRequests(status, limit, me?.kind === 'public');

  if (meLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  if (!me) {
    return <Navigate to={`/login?next=${encodeURIComponent('/my/requests')}`} replace />;
  }
  const items = (list.data?.items ?? []).filter((r) => keep(tab, r.status));

  return (
    <PublicShell>
      <div className="svc-page" data-testid="my-requests-page">
        <h1 className="svc-title">{t('mine.title')}</h1>
        <Segmented<Tab>
          block
          size="large"
          value={tab}
          onChange={setTab}
          options={(['all', 'open', 'returned', 'finished'] as const).map((v) => ({ value: v, label: t(`mine.${v}`) }))}
        />
        {list.error && <Alert type="error" showIcon title={list.error.message} />}
        {list.isLoading && <Spin style={{ display: 'block', margin: '32px auto' }} />}
        {list.data && items.length === 0 && (
          <Empty description={t('mine.empty')}>
            <Link to="/services">
              <Button type="primary">{t('mine.toHall')}</Button>
            </Link>
          </Empty>
        )}
        {items.map((r) => (
          <RequestCard key={r.id} r={r} />
        ))}
        {list.data && list.data.total > limit && (
          <Button block onClick={() => setLimit((l) => l + 20)} loading={list.isFetching}>
            {t('common:actions.loadMore')}
          </Button>
        )}
      </div>
    </PublicShell>
  );
}
