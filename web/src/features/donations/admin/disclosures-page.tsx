// 信息公开: the written reports projects owe (periodic, final, use of funds) and the corrections published, filtered by
// status, unit and project; those holding donations:manage publish a due one or correct a published one.
import { EditOutlined, EyeOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisclosureView } from '../../../../../server/src/modules/donations/donations.schemas';
import { useCan, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import { chinaDay, formatDateTime } from '../../../lib/china-time';
import { type DisclosureFilter, useDisclosures, useOverdueDisclosureCount, useProjectOptions } from '../api';
import { DisclosureDrawer } from './disclosure-drawer';
import { DisclosurePublishModal, type PublishTarget } from './disclosure-publish-modal';
import './oversight.css';
import { DisclosureKindTag, DisclosureStatusTag } from './oversight-tags';

type StatusFilter = NonNullable<DisclosureFilter['status']> | 'all';

export function DisclosuresPage() {
  const { t, i18n } = useTranslation(['donations', 'common']);
  const can = useCan();
  const canManage = can('donations:manage');
  const { unitId } = useScope();
  const [chosenOrg, setChosenOrg] = useState<number | null | undefined>(undefined);
  const orgId = chosenOrg === undefined ? unitId : chosenOrg;
  const [projectId, setProjectId] = useState<number | undefined>(undefined);
  const [status, setStatus] = useState<StatusFilter>('all');
  const { page, pageSize, setPage, pagination } = usePaging();
  const projects = useProjectOptions(orgId);
  const list = useDisclosures({
    status: status === 'all' ? undefined : status,
    orgId: orgId ?? undefined,
    projectId,
    page,
    pageSize,
  });
  const overdue = useOverdueDisclosureCount(orgId, true);
  const [open, setOpen] = useState<DisclosureView | null>(null);
  const [publishing, setPublishing] = useState<PublishTarget | null>(null);
  const rows = list.data?.items ?? [];

  return (
    <Card
      title={
        <Space size={8}>
          {t('disclosures.title')}
          {(overdue.data ?? 0) > 0 && (
            <Tag color="red" data-testid="disclosure-overdue-count">
              {t('disclosures.overdueCount', { n: overdue.data })}
            </Tag>
          )}
        </Space>
      }
    >
      <Alert type="info" showIcon title={t('disclosures.intro')} style={{ marginBottom: 12 }} />
      <div className="page-toolbar">
        <Segmented<StatusFilter>
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={(['all', 'overdue', 'due', 'published'] as const).map((s) => ({
            value: s,
            label: t(`disclosures.filter.${s}`),
          }))}
          data-testid="disclosure-status-filter"
        />
        <OrgPicker
          value={orgId}
          onChange={(id) => {
            setChosenOrg(id ?? null);
            setProjectId(undefined);
            setPage(1);
          }}
          allowClear
          placeholder={t('common.allUnits')}
          style={{ width: 200, maxWidth: '100%' }}
        />
        <Select<number>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('common.allProjects')}
          value={projectId}
          onChange={(v) => {
            setProjectId(v);
            setPage(1);
          }}
          loading={projects.isLoading}
          options={(projects.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
          style={{ width: 220, maxWidth: '100%' }}
          popupMatchSelectWidth={false}
          data-testid="disclosure-project-filter"
        />
      </div>
      <Table<DisclosureView>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={rows}
        pagination={pagination(list.data?.total ?? 0)}
        scroll={{ x: 1000 }}
        rowClassName={(d) => (d.status === 'overdue' ? 'disclosure-row-overdue' : '')}
        locale={{
          emptyText: list.error ? (
            <Empty description={list.error.message} />
          ) : (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={status === 'overdue' ? t('disclosures.overdueEmpty') : t('disclosures.empty')}
            />
          ),
        }}
        columns={[
          {
            title: t('disclosures.kind'),
            dataIndex: 'kind',
            width: 120,
            render: (k: DisclosureView['kind']) => <DisclosureKindTag kind={k} />,
          },
          {
            title: t('fields.status'),
            dataIndex: 'status',
            width: 110,
            render: (s: DisclosureView['status']) => <DisclosureStatusTag status={s} />,
          },
          {
            title: `${t('fields.project')} / ${t('disclosures.subject')}`,
            key: 'subject',
            render: (_, d) => (
              <div style={{ minWidth: 0 }}>
                <div className="ellipsis-line">{d.title ?? d.subject}</div>
                <div className="ellipsis-line muted" style={{ fontSize: 12 }}>
                  {d.projectName}
                  {d.title ? ` · ${d.subject}` : ''}
                </div>
              </div>
            ),
          },
          {
            title: t('disclosures.dueAt'),
            dataIndex: 'dueAt',
            width: 110,
            render: (v: string, d) =>
              d.kind === 'correction' ? <span className="muted">—</span> : <span className="money">{chinaDay(v)}</span>,
          },
          {
            title: t('disclosures.publishedAt'),
            dataIndex: 'publishedAt',
            width: 185,
            render: (v: string | null, d) =>
              v ? (
                <div>
                  <div className="money">{formatDateTime(v, i18n.language)}</div>
                  {d.ledgerIndex !== null && (
                    <div className="muted money" style={{ fontSize: 12 }}>
                      {t('fields.ledgerIndex')} #{d.ledgerIndex}
                    </div>
                  )}
                </div>
              ) : (
                <span className="muted">—</span>
              ),
          },
          {
            title: '',
            key: 'actions',
            width: canManage ? 190 : 100,
            fixed: 'right',
            render: (_, d) =>
              d.publishedAt ? (
                <Space size={4}>
                  <Button size="small" icon={<EyeOutlined />} onClick={() => setOpen(d)} data-testid="disclosure-view">
                    {t('disclosures.view')}
                  </Button>
                  {canManage && (
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setPublishing({ mode: 'correct', disclosure: d })}
                      data-testid="disclosure-correct-row"
                    >
                      {t('disclosures.correctShort')}
                    </Button>
                  )}
                </Space>
              ) : canManage ? (
                <Button
                  size="small"
                  type={d.status === 'overdue' ? 'primary' : 'default'}
                  danger={d.status === 'overdue'}
                  icon={<SendOutlined />}
                  onClick={() => setPublishing({ mode: 'publish', disclosure: d })}
                  data-testid="disclosure-publish"
                >
                  {t('disclosures.publish')}
                </Button>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
        ]}
        data-testid="disclosures-table"
      />
      <DisclosureDrawer
        disclosure={open}
        known={rows}
        onClose={() => setOpen(null)}
        onOpen={setOpen}
        onCorrect={(d) => setPublishing({ mode: 'correct', disclosure: d })}
      />
      <DisclosurePublishModal
        target={publishing}
        onClose={() => setPublishing(null)}
        onDone={(published) => {
          setPublishing(null);
          setOpen(published);
        }}
      />
    </Card>
  );
}
