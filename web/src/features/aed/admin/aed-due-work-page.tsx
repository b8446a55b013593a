// 维护待办: the open upkeep tasks due within a window under the chosen unit (default: this week), overdue first — the
// list an AED manager takes on their rounds. A row opens the device.
import { Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { chinaToday } from '../../../lib/china-time';
import { type AedTaskView, useDueWork } from '../api';

export function AedDueWorkPage() {
  const { t } = useTranslation('aedAdmin');
  const navigate = useNavigate();
  const { unitId } = useScope();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [within, setWithin] = useState(7);
  const unit = orgId ?? unitId ?? null;
  const due = useDueWork(unit, within);
  const today = chinaToday();
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('due.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('due.subtitle')}</Typography.Text>
      </div>
      <Card size="small">
        <Space wrap>
          <OrgPicker value={unit ?? undefined} onChange={setOrgId} style={{ width: 240 }} />
          <Select
            value={within}
            onChange={setWithin}
            style={{ width: 160 }}
            options={[
              { value: 7, label: t('due.week') },
              { value: 14, label: t('due.twoWeeks') },
              { value: 30, label: t('due.month') },
              { value: 90, label: t('due.quarter') },
            ]}
          />
          <Typography.Text type="secondary">{t('due.count', { count: due.data?.items.length ?? 0 })}</Typography.Text>
        </Space>
      </Card>
      <Table<AedTaskView>
        rowKey="id"
        size="middle"
        loading={due.isFetching}
        dataSource={due.data?.items ?? []}
        data-testid="aed-due-table"
        scroll={{ x: 1000 }}
        locale={{ emptyText: t('due.empty') }}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        onRow={(r) => ({ onClick: () => navigate(`/console/aed/devices/${r.aedId}`), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('due.dueOn'),
            dataIndex: 'dueOn',
            width: 130,
            render: (v: string) =>
              v < today ? (
                <Space size={4}>
                  {v}
                  <Tag color="red">{t('due.overdue')}</Tag>
                </Space>
              ) : (
                v
              ),
          },
          { title: t('due.device'), dataIndex: 'aedCode', width: 170, render: (v: string) => <b>{v}</b> },
          { title: t('fields.location'), dataIndex: 'address' },
          { title: t('fields.unit'), dataIndex: 'orgName', width: 180 },
          {
            title: t('due.kind'),
            width: 170,
            render: (_: unknown, r) => <Tag color="orange">{t(`taskKind.${r.kind}`)}</Tag>,
          },
          { title: t('due.detail'), dataIndex: 'detail' },
        ]}
      />
    </Space>
  );
}
