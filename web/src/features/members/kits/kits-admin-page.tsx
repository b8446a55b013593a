// 急救包 in the console: kits of a unit's subtree (list with holder, place, next expiry, open tasks; the QR sticker),
// a map of placed kits, the upkeep tasks, registering kits with their contents, and a kit's detail with its actions.
import { Alert, Button, Card, Drawer, Form, Input, InputNumber, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiUrl } from '../../../app/api-client';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { formatDateTime } from '../../../lib/china-time';
import {
  type KitSummary,
  type KitTaskView,
  useCreateKits,
  useKit,
  useKitAction,
  useKits,
  useKitTasks,
} from '../points/api';
import { KitMap } from './kit-map';
import { KitItems } from './my-kits-page';

/** "纱布,10,2027-01-01" lines → contents. */
function parseItems(text: string) {
  return text
    .split('\n')
    .map((l) => l.split(/[,,]/).map((s) => s.trim()))
    .filter((p) => p[0])
    .map(([name, qty, exp]) => ({ name, quantity: Math.max(1, Number(qty) || 1), expiresOn: exp || null }));
}

function KitDrawer({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, i18n } = useTranslation('memberPoints');
  const kit = useKit(id);
  const action = useKitAction();
  const [memberId, setMemberId] = useState('');
  const [items, setItems] = useState('');
  const k = kit.data;
  return (
    <Drawer open width={560} onClose={onClose} title={k ? `${k.code} · ${k.model}` : ''}>
      {k ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <div>
            <Tag>{t(`kits.status.${k.status}`)}</Tag> {k.holderName ?? ''} {k.placeName ?? ''}
          </div>
          <a href={apiUrl(`/member-kits/${k.id}/sticker.pdf`)} target="_blank" rel="noreferrer">
            {t('admin.sticker')} (PDF)
          </a>
          <KitItems items={k.items} />
          {action.error ? <Alert type="error" showIcon title={action.error.message} /> : null}
          {k.status === 'in_stock' ? (
            <Space.Compact style={{ width: '100%' }}>
              <Input placeholder="member id" value={memberId} onChange={(e) => setMemberId(e.target.value)} />
              <Button onClick={() => action.mutate({ id: k.id, path: 'assign', body: { memberId } })}>
                {t('admin.assign')}
              </Button>
            </Space.Compact>
          ) : null}
          <Input.TextArea
            rows={3}
            placeholder={t('admin.itemsText')}
            value={items}
            onChange={(e) => setItems(e.target.value)}
          />
          <Space wrap>
            <Button
              disabled={!items.trim()}
              onClick={() => action.mutate({ id: k.id, path: 'refill', body: { items: parseItems(items) } })}
            >
              {t('admin.refill')}
            </Button>
            <Button onClick={() => action.mutate({ id: k.id, path: 'checks', body: { isOk: true } })}>
              {t('kits.checkOk')}
            </Button>
            {k.status !== 'retired' ? (
              <Button
                danger
                onClick={() => action.mutate({ id: k.id, path: 'retire', body: { reason: '控制台停用' } })}
              >
                {t('admin.retire')}
              </Button>
            ) : null}
          </Space>
          <Typography.Title level={5}>{t('admin.tasks')}</Typography.Title>
          {k.tasks.map((x) => (
            <div key={x.id} className="mp-award">
              <span>
                <Tag color={x.status === 'open' ? 'warning' : 'default'}>{t(`admin.kind.${x.kind}`)}</Tag>
                {x.detail} · {x.dueOn}
              </span>
              {x.status === 'open' ? (
                <Button
                  size="small"
                  onClick={() => action.mutate({ id: k.id, path: `tasks/${x.id}/close`, body: { note: '已处理' } })}
                >
                  {t('admin.close')}
                </Button>
              ) : null}
            </div>
          ))}
          <Typography.Title level={5}>{t('kits.usedTitle')}</Typography.Title>
          {k.usages.map((u) => (
            <div key={u.id} className="mp-entry-meta">
              {formatDateTime(u.usedAt, i18n.language)} · {u.reporter} · {u.itemsUsed}
            </div>
          ))}
        </Space>
      ) : null}
    </Drawer>
  );
}

export function KitsAdminPage() {
  const { t } = useTranslation('memberPoints');
  const { unitId } = useScope();
  const [picked, setPicked] = useState<number | undefined>(undefined);
  const orgId = picked ?? unitId ?? null;
  const kits = useKits(orgId);
  const tasks = useKitTasks(orgId);
  const create = useCreateKits();
  const [open, setOpen] = useState<string | null>(null);
  const [form] = Form.useForm();
  const placed = (kits.data?.items ?? []).filter((k) => k.lat !== null && k.lng !== null);
  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('admin.kitsTitle')}
        </Typography.Title>
        <OrgPicker value={orgId ?? undefined} onChange={(v) => setPicked(v ?? undefined)} style={{ width: 260 }} />
      </Space>
      <Tabs
        items={[
          {
            key: 'list',
            label: `${t('admin.kitList')} (${kits.data?.total ?? 0})`,
            children: (
              <Table<KitSummary>
                rowKey="id"
                size="small"
                dataSource={kits.data?.items ?? []}
                scroll={{ x: 900 }}
                onRow={(k) => ({ onClick: () => setOpen(k.id), style: { cursor: 'pointer' } })}
                columns={[
                  { title: t('admin.kit'), dataIndex: 'code' },
                  { title: t('admin.model'), dataIndex: 'model' },
                  {
                    title: t('admin.status'),
                    dataIndex: 'status',
                    render: (v: KitSummary['status']) => <Tag>{t(`kits.status.${v}`)}</Tag>,
                  },
                  { title: t('admin.holder'), dataIndex: 'holderName' },
                  { title: t('admin.placeName'), dataIndex: 'placeName' },
                  { title: t('admin.nextExpiry'), dataIndex: 'nextExpiry' },
                  {
                    title: t('admin.openTasks'),
                    dataIndex: 'openTasks',
                    render: (v: number) => (v > 0 ? <Tag color="warning">{v}</Tag> : 0),
                  },
                ]}
              />
            ),
          },
          {
            key: 'map',
            label: t('admin.map'),
            children: (
              <KitMap
                height={480}
                onOpen={setOpen}
                markers={placed.map((k) => ({
                  id: k.id,
                  position: { lat: k.lat!, lng: k.lng! },
                  label: k.code.slice(-6),
                  tooltip: `${k.code} ${k.placeName ?? ''}`,
                }))}
              />
            ),
          },
          {
            key: 'tasks',
            label: `${t('admin.tasks')} (${tasks.data?.length ?? 0})`,
            children: (
              <Table<KitTaskView>
                rowKey="id"
                size="small"
                dataSource={tasks.data ?? []}
                onRow={(x) => ({ onClick: () => setOpen(x.kitId), style: { cursor: 'pointer' } })}
                columns={[
                  { title: t('admin.kit'), dataIndex: 'kitCode' },
                  {
                    title: t('admin.category'),
                    dataIndex: 'kind',
                    render: (v: KitTaskView['kind']) => t(`admin.kind.${v}`),
                  },
                  { title: t('admin.detail'), dataIndex: 'detail' },
                  { title: t('admin.dueOn'), dataIndex: 'dueOn' },
                ]}
              />
            ),
          },
          {
            key: 'new',
            label: t('admin.newKits'),
            children: (
              <Card size="small" style={{ maxWidth: 560 }}>
                <Form
                  form={form}
                  layout="vertical"
                  initialValues={{
                    count: 1,
                    model: '家庭急救包',
                    items: '医用纱布,10,2027-06-30\n碘伏棉签,20,2027-03-31\n止血带,1\n急救毯,1',
                  }}
                  onFinish={(v: { model: string; count: number; items: string }) =>
                    create.mutate(
                      { orgId, model: v.model, count: v.count, items: parseItems(v.items) },
                      { onSuccess: () => form.resetFields() },
                    )
                  }
                >
                  <Form.Item name="model" label={t('admin.model')} rules={[{ required: true }]}>
                    <Input />
                  </Form.Item>
                  <Form.Item name="count" label={t('admin.count')}>
                    <InputNumber min={1} max={200} />
                  </Form.Item>
                  <Form.Item name="items" label={t('admin.itemsText')} rules={[{ required: true }]}>
                    <Input.TextArea rows={5} />
                  </Form.Item>
                  {create.error ? (
                    <Alert type="error" showIcon title={create.error.message} style={{ marginBottom: 8 }} />
                  ) : null}
                  <Button type="primary" htmlType="submit" loading={create.isPending} disabled={orgId === null}>
                    {t('admin.newKits')}
                  </Button>
                </Form>
              </Card>
            ),
          },
        ]}
      />
      {open ? <KitDrawer id={open} onClose={() => setOpen(null)} /> : null}
    </div>
  );
}
