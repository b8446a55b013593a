// AED 设备: the registry of the chosen unit's subtree — filters (unit, status, text, "visit this week"), a table or a map
// with markers coloured by status, register, Excel import (all or nothing) and export.
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Input, Segmented, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCan, useScope } from '../../../app/session';
import { ExcelImportDialog } from '../../../components/excel-import-dialog';
import { OrgPicker } from '../../../components/org-picker';
import {
  type AedFilter,
  type AedSummary,
  registryExportUrl,
  registryImportPath,
  registryTemplateUrl,
  uploadRegistry,
  useAeds,
} from '../api';
import { AedFormModal } from './aed-form';
import { AedMap, statusColors, useHasTiles } from './aed-map';

const statuses = ['ready', 'needs_service', 'out_of_service', 'removed'] as const;

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation('aedAdmin');
  return (
    <Tag color={statusColors[status]} data-testid="aed-status" data-status={status}>
      {t(`status.${status}` as 'status.ready')}
    </Tag>
  );
}

export function AedRegistryPage() {
  const { t } = useTranslation('aedAdmin');
  const navigate = useNavigate();
  const can = useCan();
  const { unitId } = useScope();
  const hasTiles = useHasTiles();
  const [view, setView] = useState<'list' | 'map'>('list');
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [status, setStatus] = useState<AedFilter['status']>();
  const [q, setQ] = useState('');
  const [dueSoon, setDueSoon] = useState(false);
  const [page, setPage] = useState(1);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);
  const unit = orgId ?? unitId ?? undefined;
  const filter: AedFilter = {
    orgId: unit,
    status,
    q: q || undefined,
    dueWithinDays: dueSoon ? 7 : undefined,
    page: view === 'map' ? 1 : page,
    pageSize: view === 'map' ? 2000 : 20,
  };
  const list = useAeds(filter, unit !== undefined);
  const items = list.data?.items ?? [];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space style={{ justifyContent: 'space-between', width: '100%' }} wrap>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('registry.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('registry.subtitle')}</Typography.Text>
        </div>
        <Space wrap>
          <Button icon={<DownloadOutlined />} href={registryExportUrl(unit)}>
            {t('registry.export')}
          </Button>
          {can('aed:manage') ? (
            <>
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
                {t('registry.import')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="aed-add">
                {t('registry.add')}
              </Button>
            </>
          ) : null}
        </Space>
      </Space>
      <Card size="small">
        <Space wrap>
          <OrgPicker
            value={unit}
            onChange={(id) => {
              setOrgId(id);
              setPage(1);
            }}
            style={{ width: 240 }}
          />
          <Select
            allowClear
            placeholder={t('registry.status')}
            style={{ width: 140 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
            }}
            options={statuses.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          />
          <Input.Search
            allowClear
            placeholder={t('registry.search')}
            style={{ width: 260 }}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
          />
          <Space>
            <Switch checked={dueSoon} onChange={setDueSoon} size="small" />
            {t('registry.dueSoon')}
          </Space>
          <Segmented
            value={view}
            onChange={(v) => setView(v as 'list' | 'map')}
            options={[
              { value: 'list', label: t('registry.list') },
              { value: 'map', label: t('registry.map') },
            ]}
            data-testid="aed-view-toggle"
          />
          <Typography.Text type="secondary">{t('registry.total', { count: list.data?.total ?? 0 })}</Typography.Text>
        </Space>
      </Card>
      {view === 'map' ? (
        <Card size="small">
          <AedMap
            height={620}
            center={items[0] ?? { lat: 29.7136, lng: 120.2423 }}
            markers={items.map((a) => ({
              id: a.id,
              position: a,
              status: a.status,
              tooltip: `${a.code} · ${a.building || a.address} ${a.floor}`,
            }))}
            onOpen={(id) => navigate(`/console/aed/devices/${id}`)}
          />
          <Space style={{ marginTop: 8 }} wrap>
            {statuses.slice(0, 3).map((s) => (
              <Badge key={s} color={statusColors[s]} text={t(`status.${s}`)} />
            ))}
            {!hasTiles ? <Typography.Text type="secondary">· {t('registry.noTiles')}</Typography.Text> : null}
          </Space>
        </Card>
      ) : (
        <Table<AedSummary>
          rowKey="id"
          size="middle"
          loading={list.isFetching}
          dataSource={items}
          data-testid="aed-table"
          scroll={{ x: 1100 }}
          onRow={(r) => ({ onClick: () => navigate(`/console/aed/devices/${r.id}`), style: { cursor: 'pointer' } })}
          pagination={{
            current: page,
            pageSize: 20,
            total: list.data?.total ?? 0,
            onChange: setPage,
            showSizeChanger: false,
          }}
          columns={[
            {
              title: t('fields.code'),
              width: 190,
              render: (_: unknown, r) => (
                <div>
                  <b>{r.code}</b>
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.brand} {r.model}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            {
              title: t('fields.location'),
              render: (_: unknown, r) => (
                <div>
                  <div>
                    {r.building || r.address} {r.floor}
                  </div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.spot || r.address}
                  </Typography.Text>
                </div>
              ),
            },
            { title: t('fields.unit'), dataIndex: 'orgName', width: 150 },
            {
              title: t('fields.hours'),
              width: 190,
              render: (_: unknown, r) => (
                <div>
                  <Badge
                    status={r.openNow ? 'success' : 'default'}
                    text={r.openNow ? t('registry.openNow') : t('registry.closedNow')}
                  />
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.is24h ? '24h' : r.openHoursText}
                    </Typography.Text>
                  </div>
                </div>
              ),
            },
            { title: t('fields.padsExpiresOn'), dataIndex: 'padsExpiresOn', width: 105 },
            { title: t('fields.batteryExpiresOn'), dataIndex: 'batteryExpiresOn', width: 105 },
            {
              title: t('registry.status'),
              width: 100,
              render: (_: unknown, r) => <StatusTag status={r.status} />,
            },
            {
              title: t('registry.openTasks'),
              dataIndex: 'openTasks',
              width: 64,
              render: (n: number) => (n > 0 ? <Badge count={n} color="#ed6c02" /> : '—'),
            },
          ]}
        />
      )}
      {adding ? (
        <AedFormModal
          defaultOrgId={unit}
          onClose={() => setAdding(false)}
          onSaved={(v) => {
            setAdding(false);
            navigate(`/console/aed/devices/${v.id}`);
          }}
        />
      ) : null}
      {importing ? (
        <ExcelImportDialog
          title={t('registry.importTitle')}
          doneTitle={(count) => t('registry.importDone', { count })}
          upload={uploadRegistry}
          importPath={registryImportPath}
          onClose={() => setImporting(false)}
          onImported={() => void list.refetch()}
          before={
            <Space orientation="vertical">
              <Typography.Text type="secondary">{t('registry.importHint')}</Typography.Text>
              <Button size="small" icon={<DownloadOutlined />} href={registryTemplateUrl()}>
                {t('registry.template')}
              </Button>
            </Space>
          }
        />
      ) : null}
    </Space>
  );
}
