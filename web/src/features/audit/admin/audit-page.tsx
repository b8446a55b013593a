// 审计日志: filter by action, entity and time; each row opens to its before/after JSON; "load more" pages back in time.
import { Button, Card, DatePicker, Form, Input, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, fromChinaInput } from '../../../lib/china-time';
import { type AuditEntry, type AuditFilter, useAuditLog } from '../api';
import { zh } from '../locales';

type FilterValues = {
  action?: string;
  entityType?: string;
  entityId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
};

const actionCodes = Object.keys(zh.actions) as (keyof typeof zh.actions)[];
const entityTypes = Object.keys(zh.entityTypes) as (keyof typeof zh.entityTypes)[];

function Json({ value }: { value: unknown }) {
  return <pre className="json-block">{JSON.stringify(value, null, 2)}</pre>;
}

export function AuditPage() {
  const { t, i18n } = useTranslation(['audit', 'common']);
  const [form] = Form.useForm<FilterValues>();
  const [filter, setFilter] = useState<AuditFilter>({});
  const log = useAuditLog(filter);
  const rows = log.data?.pages.flatMap((p) => p.items) ?? [];

  const actionLabel = (code: string) =>
    actionCodes.includes(code as keyof typeof zh.actions) ? t(`actions.${code as keyof typeof zh.actions}`) : code;
  const entityLabel = (type: string) =>
    entityTypes.includes(type as keyof typeof zh.entityTypes)
      ? t(`entityTypes.${type as keyof typeof zh.entityTypes}`)
      : type;

  const apply = (v: FilterValues) => {
    setFilter({
      action: v.action || undefined,
      entityType: v.entityType || undefined,
      entityId: v.entityId?.trim() || undefined,
      from: v.range?.[0] ? fromChinaInput(`${v.range[0].format('YYYY-MM-DD')}T00:00`) : undefined,
      to: v.range?.[1] ? fromChinaInput(`${v.range[1].format('YYYY-MM-DD')}T23:59:59.999`) : undefined,
    });
  };

  return (
    <Card title={t('title')}>
      <Form
        form={form}
        layout="inline"
        onFinish={apply}
        style={{ rowGap: 8, marginBottom: 12 }}
        data-testid="audit-filters"
      >
        <Form.Item name="action">
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('filters.action')}
            style={{ width: 200 }}
            options={actionCodes.map((code) => ({ value: code, label: `${actionLabel(code)} · ${code}` }))}
          />
        </Form.Item>
        <Form.Item name="entityType">
          <Select
            allowClear
            placeholder={t('filters.entityType')}
            style={{ width: 150 }}
            options={entityTypes.map((type) => ({ value: type, label: entityLabel(type) }))}
          />
        </Form.Item>
        <Form.Item name="entityId">
          <Input allowClear placeholder={t('filters.entityId')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="range">
          <DatePicker.RangePicker style={{ width: 260 }} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {t('common:actions.search')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              setFilter({});
            }}
          >
            {t('common:actions.reset')}
          </Button>
        </Space>
      </Form>
      <Table<AuditEntry>
        rowKey="id"
        size="small"
        loading={log.isFetching && !log.isFetchingNextPage}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        expandable={{
          expandedRowRender: (e) => (
            <div style={{ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))' }}>
              <div>
                <Typography.Text strong>{t('before')}</Typography.Text>
                {e.before === null || e.before === undefined ? <div>{t('none')}</div> : <Json value={e.before} />}
              </div>
              <div>
                <Typography.Text strong>{t('after')}</Typography.Text>
                {e.after === null || e.after === undefined ? <div>{t('none')}</div> : <Json value={e.after} />}
              </div>
              <div>
                {e.reason && (
                  <div>
                    <Typography.Text strong>{t('columns.reason')}: </Typography.Text>
                    {e.reason}
                  </div>
                )}
                {e.orgId !== null && (
                  <div>
                    <Typography.Text strong>{t('columns.unit')}: </Typography.Text>
                    {e.orgId}
                  </div>
                )}
                {e.requestId && (
                  <div>
                    <Typography.Text strong>{t('columns.requestId')}: </Typography.Text>
                    <Typography.Text code>{e.requestId}</Typography.Text>
                  </div>
                )}
              </div>
            </div>
          ),
        }}
        columns={[
          {
            title: t('columns.at'),
            dataIndex: 'at',
            width: 180,
            render: (v: string) => formatDateTime(v, i18n.language),
          },
          { title: t('columns.actor'), dataIndex: 'actorLabel', width: 160, ellipsis: true },
          {
            title: t('columns.action'),
            dataIndex: 'action',
            width: 200,
            render: (v: string) => <span title={v}>{actionLabel(v)}</span>,
          },
          {
            title: t('columns.entity'),
            key: 'entity',
            ellipsis: true,
            render: (_: unknown, e) => (
              <span>
                {entityLabel(e.entityType)}{' '}
                {e.entityId && <Typography.Text type="secondary">{e.entityId}</Typography.Text>}
              </span>
            ),
          },
          { title: t('columns.ip'), dataIndex: 'ip', width: 130 },
        ]}
        data-testid="audit-table"
      />
      <div style={{ textAlign: 'center', marginTop: 16 }}>
        {log.hasNextPage ? (
          <Button
            onClick={() => void log.fetchNextPage()}
            loading={log.isFetchingNextPage}
            data-testid="audit-load-more"
          >
            {t('common:actions.loadMore')}
          </Button>
        ) : (
          rows.length > 0 && <Typography.Text type="secondary">{t('end')}</Typography.Text>
        )}
      </div>
    </Card>
  );
}
