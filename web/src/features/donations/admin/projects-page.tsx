// 募捐项目: projects of the scope unit's subtree with their progress; create, edit, open and close (with a confirm),
// and links to the public page and its QR posters.
import {
  DownOutlined,
  EditOutlined,
  ExportOutlined,
  FilePdfOutlined,
  PlayCircleOutlined,
  PlusOutlined,
  QrcodeOutlined,
  StopOutlined,
} from '@ant-design/icons';
import { App, Button, Card, Dropdown, Empty, Input, Progress, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectView } from '../../../../../server/src/modules/donations/donations.schemas';
import { projectStatusValues } from '../../../../../server/src/modules/donations/donations.schemas';
import { isApiError } from '../../../app/api-client';
import { useCan, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import { formatFen } from '../../../lib/money';
import { type ProjectStatus, posterUrl, publicProjectUrl, useProjects, useUpdateProject } from '../api';
import { ProjectFormModal, type ProjectFormTarget } from './project-form-modal';
import { Money, ProjectStatusTag } from './tags';

export function ProjectsPage() {
  const { t } = useTranslation(['donations', 'common']);
  const { modal, message } = App.useApp();
  const can = useCan();
  const { unitId } = useScope();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<ProjectStatus | undefined>(undefined);
  const [chosenOrg, setChosenOrg] = useState<number | null | undefined>(undefined);
  const { page, pageSize, setPage, pagination } = usePaging();
  const [formTarget, setFormTarget] = useState<ProjectFormTarget | null>(null);
  const orgId = chosenOrg === undefined ? unitId : chosenOrg;
  const projects = useProjects({ orgId, status, q, page, pageSize });
  const update = useUpdateProject();
  const canManage = can('donations:manage');

  const changeStatus = (p: ProjectView, next: 'open' | 'closed') => {
    modal.confirm({
      title: t(next === 'open' ? 'projects.openConfirmTitle' : 'projects.closeConfirmTitle', { name: p.name }),
      content: t(next === 'open' ? 'projects.openConfirm' : 'projects.closeConfirm'),
      okText: t(next === 'open' ? 'projects.openProject' : 'projects.closeProject'),
      okButtonProps: { danger: next === 'closed', 'data-testid': 'confirm-status' },
      cancelText: t('common:actions.cancel'),
      onOk: async () => {
        try {
          await update.mutateAsync({ id: p.id, patch: { status: next } });
          message.success(t(next === 'open' ? 'projects.opened' : 'projects.closed', { name: p.name }));
        } catch (e) {
          message.error(isApiError(e) ? e.message : String(e));
        }
      },
    });
  };

  return (
    <Card
      title={t('projects.title')}
      extra={
        canManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setFormTarget({ kind: 'create', orgId })}
            data-testid="project-create"
          >
            {t('projects.create')}
          </Button>
        )
      }
    >
      <div className="page-toolbar">
        <Input.Search
          className="page-toolbar-grow"
          allowClear
          placeholder={t('projects.searchPlaceholder')}
          onSearch={(v) => {
            setQ(v.trim());
            setPage(1);
          }}
          style={{ maxWidth: 320 }}
          data-testid="project-search"
        />
        <OrgPicker
          value={orgId}
          onChange={(id) => {
            setChosenOrg(id ?? null);
            setPage(1);
          }}
          allowClear
          placeholder={t('common.allUnits')}
          style={{ width: 220, maxWidth: '100%' }}
        />
        <Select<ProjectStatus>
          allowClear
          placeholder={t('projects.statusFilter')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPage(1);
          }}
          options={projectStatusValues.map((s) => ({ value: s, label: t(`projectStatus.${s}`) }))}
          style={{ width: 130 }}
        />
      </div>
      <Table<ProjectView>
        rowKey="id"
        size="middle"
        loading={projects.isFetching}
        dataSource={projects.data?.items ?? []}
        scroll={{ x: 956 }}
        pagination={pagination(projects.data?.total ?? 0)}
        locale={{
          emptyText: projects.error ? (
            <Empty description={projects.error.message} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('projects.empty')} />
          ),
        }}
        columns={[
          {
            title: t('fields.project'),
            key: 'name',
            fixed: 'left',
            width: 230,
            render: (_, p) => (
              <div>
                <div className="project-cell-name">
                  {p.name}
                  {p.isEmergency && (
                    <Tag color="red" style={{ marginInlineStart: 6 }}>
                      {t('common.emergency')}
                    </Tag>
                  )}
                </div>
                <div>
                  <span className="mono muted">{p.code}</span>
                  <Tag color={p.fundKind === 'restricted' ? 'blue' : 'default'} style={{ marginInlineStart: 6 }}>
                    {t(`fundKinds.${p.fundKind}`)}
                  </Tag>
                </div>
              </div>
            ),
          },
          { title: t('fields.unit'), dataIndex: 'orgName', width: 100, ellipsis: true },
          {
            title: t('fields.status'),
            dataIndex: 'status',
            width: 96,
            render: (s: ProjectStatus, p) => <ProjectStatusTag status={s} isAccepting={p.isAcceptingGifts} />,
          },
          {
            title: t('projects.raised'),
            key: 'raised',
            width: 230,
            align: 'right',
            render: (_, p) => (
              <div>
                <Money fen={p.raisedFen} strong />
                <span className="muted"> / {p.targetFen ? formatFen(p.targetFen) : t('projects.noTarget')}</span>
                {p.targetFen ? (
                  <Progress
                    percent={Math.floor((p.raisedFen / p.targetFen) * 100)}
                    size="small"
                    strokeColor="#c8102e"
                    format={() => `${Math.floor((p.raisedFen / (p.targetFen ?? 1)) * 100)}%`}
                    style={{ margin: 0 }}
                  />
                ) : null}
                <div className="muted" style={{ fontSize: 12 }}>
                  {t('projects.countAndSpent', {
                    n: p.donationCount.toLocaleString(),
                    spent: p.fundKind === 'restricted' ? formatFen(p.spentFen) : '—',
                  })}
                </div>
              </div>
            ),
          },
          {
            title: t('projects.period'),
            key: 'period',
            width: 104,
            render: (_, p) => (
              <div className="money" style={{ fontSize: 13 }}>
                <div>{p.startsOn}</div>
                <div className="muted">~ {p.endsOn ?? t('projects.longTerm')}</div>
              </div>
            ),
          },
          {
            title: t('projects.actions'),
            key: 'actions',
            fixed: 'right',
            width: 196,
            render: (_, p) => (
              <Space size={4}>
                {canManage && p.status !== 'closed' && (
                  <Tooltip title={t('common:actions.edit')}>
                    <Button
                      size="small"
                      icon={<EditOutlined />}
                      onClick={() => setFormTarget({ kind: 'edit', project: p })}
                      aria-label={t('common:actions.edit')}
                    />
                  </Tooltip>
                )}
                {canManage && p.status === 'draft' && (
                  <Button
                    size="small"
                    type="primary"
                    ghost
                    icon={<PlayCircleOutlined />}
                    onClick={() => changeStatus(p, 'open')}
                    data-testid="project-open"
                  >
                    {t('projects.openProject')}
                  </Button>
                )}
                {canManage && p.status === 'open' && (
                  <Button
                    size="small"
                    danger
                    icon={<StopOutlined />}
                    onClick={() => changeStatus(p, 'closed')}
                    data-testid="project-close"
                  >
                    {t('projects.closeProject')}
                  </Button>
                )}
                {p.status !== 'draft' && (
                  <Dropdown
                    trigger={['click']}
                    menu={{
                      items: [
                        {
                          key: 'page',
                          icon: <ExportOutlined />,
                          label: (
                            <a href={publicProjectUrl(p.code)} target="_blank" rel="noreferrer">
                              {t('projects.publicPage')}
                            </a>
                          ),
                        },
                        { type: 'divider' },
                        {
                          key: 'png',
                          icon: <QrcodeOutlined />,
                          label: (
                            <a href={posterUrl(p.code, 'png')} target="_blank" rel="noreferrer">
                              {t('projects.posterPng')}
                            </a>
                          ),
                        },
                        {
                          key: 'pdf',
                          icon: <FilePdfOutlined />,
                          label: (
                            <a href={posterUrl(p.code, 'pdf')} target="_blank" rel="noreferrer">
                              {t('projects.posterPdf')}
                            </a>
                          ),
                        },
                      ],
                    }}
                  >
                    <Tooltip title={t('projects.links')}>
                      <Button size="small" icon={<QrcodeOutlined />} data-testid="project-links">
                        {!canManage && t('projects.links')}
                        <DownOutlined style={{ fontSize: 10 }} />
                      </Button>
                    </Tooltip>
                  </Dropdown>
                )}
              </Space>
            ),
          },
        ]}
        data-testid="projects-table"
      />
      <ProjectFormModal target={formTarget} onClose={() => setFormTarget(null)} onDone={() => setFormTarget(null)} />
    </Card>
  );
}
