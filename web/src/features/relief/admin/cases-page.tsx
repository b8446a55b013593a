// 救助个案: the relief cases of the user's scope unit (and below), overdue first, filtered by status, kind, unit and
// text; a row opens the case page (?case=<id>), where the steps the user may take are offered.
import { Alert, Badge, Button, Card, Input, Select, Space, Switch, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  type CaseStatus,
  caseStatusValues,
  type ReliefCaseSummary,
  type ReliefKind,
  reliefKindValues,
} from '../../../../../server/src/modules/relief/relief.schemas';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import { chinaDay } from '../../../lib/china-time';
import { useReliefCases } from '../api';
import { CaseStatusTag, useReliefLabels } from '../components/labels';
import '../components/relief.css';
import { formatFen } from '../../../lib/money';
import { CaseDetail } from './case-detail';

export function ReliefCasesPage() {
  const [params, setParams] = useSearchParams();
  const openId = params.get('case');
  if (openId) {
    return (
      <CaseDetail
        id={openId}
        onBack={() => {
          params.delete('case');
          setParams(params);
        }}
      />
    );
  }
  return (
    <CaseList
      batchId={params.get('batch') ?? undefined}
      onOpen={(id) => {
        params.set('case', id);
        setParams(params);
      }}
    />
  );
}

function CaseList({ batchId, onOpen }: { batchId?: string; onOpen: (id: string) => void }) {
  const { t } = useTranslation(['relief', 'common']);
  const labels = useReliefLabels();
  const { unitId } = useScope();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [status, setStatus] = useState<CaseStatus | undefined>(undefined);
  const [kind, setKind] = useState<ReliefKind | undefined>(undefined);
  const [q, setQ] = useState('');
  const [typed, setTyped] = useState('');
  const [overdue, setOverdue] = useState(false);
  const { page, pageSize, setPage, pagination } = usePaging();
  const list = useReliefCases({
    orgId: orgId ?? unitId ?? undefined,
    status,
    kind,
    q: q || undefined,
    batchId,
    overdue: overdue ? 'true' : undefined,
    overdueFirst: 'true',
    page,
    pageSize,
  });
  const reset = () => setPage(1);

  return (
    <Card title={t('cases.title')} data-testid="relief-cases">
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgPicker
          value={orgId ?? unitId}
          onChange={(id) => {
            setOrgId(id);
            reset();
          }}
          style={{ width: 240 }}
        />
        <Select<CaseStatus>
          allowClear
          placeholder={t('cases.allStatuses')}
          style={{ width: 150 }}
          value={status}
          onChange={(v) => {
            setStatus(v);
            reset();
          }}
          options={caseStatusValues.map((s) => ({ value: s, label: labels.status(s) }))}
          data-testid="cases-status"
        />
        <Select<ReliefKind>
          allowClear
          placeholder={t('cases.allKinds')}
          style={{ width: 140 }}
          value={kind}
          onChange={(v) => {
            setKind(v);
            reset();
          }}
          options={reliefKindValues.map((k) => ({ value: k, label: labels.kind(k) }))}
        />
        <Input.Search
          allowClear
          placeholder={t('cases.search')}
          style={{ width: 240 }}
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          onSearch={(v) => {
            setQ(v.trim());
            reset();
          }}
          data-testid="cases-search"
        />
        <Space>
          <Switch
            size="small"
            checked={overdue}
            onChange={(v) => {
              setOverdue(v);
              reset();
            }}
          />
          {t('cases.overdueOnly')}
        </Space>
      </Space>
      {list.error && <Alert type="error" showIcon title={list.error.message} style={{ marginBottom: 12 }} />}
      <Table<ReliefCaseSummary>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={pagination(list.data?.total ?? 0)}
        rowClassName={(r) => (r.isOverdue ? 'relief-overdue-row' : '')}
        onRow={(r) => ({ onClick: () => onOpen(r.id), style: { cursor: 'pointer' } })}
        scroll={{ x: 1100 }}
        data-testid="cases-table"
        columns={[
          {
            title: t('cases.caseNo'),
            dataIndex: 'caseNo',
            width: 170,
            render: (no: string) => <span className="mono">{no}</span>,
          },
          { title: t('cases.applicant'), dataIndex: 'applicantName', width: 110 },
          { title: t('cases.kind'), dataIndex: 'kind', width: 110, render: (k: ReliefKind) => labels.kind(k) },
          { title: t('cases.village'), dataIndex: 'orgName', width: 160, ellipsis: true },
          {
            title: t('cases.amount'),
            key: 'amount',
            width: 120,
            align: 'right',
            render: (_: unknown, r) => formatFen(r.approvedFen ?? r.recommendedFen ?? r.requestedFen),
          },
          {
            title: t('cases.status'),
            dataIndex: 'status',
            width: 120,
            render: (s: CaseStatus) => <CaseStatusTag status={s} />,
          },
          { title: t('cases.submittedAt'), dataIndex: 'submittedAt', width: 110, render: (v: string) => chinaDay(v) },
          {
            title: t('cases.dueAt'),
            key: 'due',
            width: 150,
            render: (_: unknown, r) => (
              <Space size={4}>
                {chinaDay(r.decisionDueAt)}
                {r.isOverdue && <Tag color="red">{t('cases.overdue')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('cases.warnings'),
            dataIndex: 'warningCount',
            width: 80,
            render: (n: number) =>
              n > 0 ? (
                <Tooltip title={t('detail.warnings')}>
                  <Badge count={n} color="#fa8c16" />
                </Tooltip>
              ) : null,
          },
          {
            key: 'open',
            width: 80,
            fixed: 'right',
            render: (_: unknown, r) => (
              <Button size="small" type="link" onClick={() => onOpen(r.id)} data-testid="case-open">
                {t('cases.open')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
