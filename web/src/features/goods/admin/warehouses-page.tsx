// 仓库: the warehouses of the scope unit's subtree; staff with goods:manage open one, rename or re-address it, close it
// (refused while it holds stock: the server's message is shown) and reopen it.
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Form, Input, Modal, Space, Switch, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useCan, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { formatDateTime } from '../../../lib/china-time';
import { useCreateWarehouse, useUpdateWarehouse, useWarehouses, type WarehouseView } from '../api';
import '../components/goods.css';

type FormValues = { orgId?: number; name: string; address?: string };

function WarehouseModal({
  open,
  editing,
  orgId,
  onClose,
}: {
  open: boolean;
  editing: WarehouseView | null;
  orgId: number | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation(['goods', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const create = useCreateWarehouse();
  const update = useUpdateWarehouse();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      setError(null);
      form.resetFields();
      form.setFieldsValue(
        editing ? { name: editing.name, address: editing.address ?? '' } : { orgId, name: '', address: '' },
      );
    }
  }, [open, editing, orgId, form]);

  const submit = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    setError(null);
    try {
      if (editing) {
        await update.mutateAsync({
          id: editing.id,
          patch: { name: v.name.trim(), address: v.address?.trim() ? v.address.trim() : null },
        });
        message.success(t('warehouses.saved'));
      } else {
        const created = await create.mutateAsync({
          orgId: v.orgId!,
          name: v.name.trim(),
          address: v.address?.trim() || undefined,
        });
        message.success(t('warehouses.created', { name: created.name }));
      }
      onClose();
    } catch (e) {
      if (!showErrorOnFields(form, e)) {
        setError(isApiError(e) ? e.message : String(e));
      }
    }
  };

  return (
    <Modal
      open={open}
      title={editing ? t('warehouses.edit') : t('warehouses.create')}
      onCancel={onClose}
      onOk={submit}
      okText={t('common:actions.save')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={create.isPending || update.isPending}
      okButtonProps={{ 'data-testid': 'warehouse-save' }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" requiredMark="optional">
        {!editing && (
          <Form.Item
            name="orgId"
            label={t('warehouses.unit')}
            rules={[{ required: true, message: t('intake.required') }]}
          >
            <OrgPicker />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t('warehouses.name')}
          rules={[{ required: true, whitespace: true, max: 60, message: t('intake.required') }]}
        >
          <Input maxLength={60} data-testid="warehouse-name" />
        </Form.Item>
        <Form.Item name="address" label={t('warehouses.address')} rules={[{ max: 200 }]}>
          <Input maxLength={200} data-testid="warehouse-address" />
        </Form.Item>
        {error && <div className="ant-form-item-explain-error">{error}</div>}
      </Form>
    </Modal>
  );
}

export function WarehousesPage() {
  const { t, i18n } = useTranslation(['goods', 'common']);
  const { modal, message } = App.useApp();
  const can = useCan();
  const { unitId } = useScope();
  const [chosenOrg, setChosenOrg] = useState<number | null | undefined>(undefined);
  const [showClosed, setShowClosed] = useState(false);
  const [editing, setEditing] = useState<WarehouseView | null>(null);
  const [creating, setCreating] = useState(false);
  const orgId = (chosenOrg === undefined ? unitId : chosenOrg) ?? undefined;
  const warehouses = useWarehouses(orgId, showClosed);
  const update = useUpdateWarehouse();
  const canManage = can('goods:manage');

  const setActive = (w: WarehouseView, isActive: boolean) => {
    const run = async () => {
      try {
        await update.mutateAsync({ id: w.id, patch: { isActive } });
        message.success(t(isActive ? 'warehouses.reopened' : 'warehouses.closed_ok', { name: w.name }));
      } catch (e) {
        modal.error({ title: isApiError(e) ? e.message : String(e), okText: t('common:actions.close') });
      }
    };
    if (isActive) {
      void run();
      return;
    }
    modal.confirm({
      title: t('warehouses.closeTitle', { name: w.name }),
      content: t('warehouses.closeConfirm'),
      okText: t('warehouses.close'),
      okButtonProps: { danger: true, 'data-testid': 'warehouse-close-confirm' },
      cancelText: t('common:actions.cancel'),
      onOk: run,
    });
  };

  return (
    <Card
      title={t('warehouses.title')}
      extra={
        canManage && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="warehouse-create"
          >
            {t('warehouses.create')}
          </Button>
        )
      }
    >
      <div className="goods-toolbar">
        <OrgPicker
          value={orgId}
          onChange={(id) => setChosenOrg(id ?? null)}
          allowClear
          placeholder={t('common.allUnits')}
          style={{ width: 220 }}
        />
        <Space size={6}>
          <Switch size="small" checked={showClosed} onChange={setShowClosed} data-testid="warehouse-show-closed" />
          <span>{t('warehouses.showClosed')}</span>
        </Space>
      </div>
      <Table<WarehouseView>
        rowKey="id"
        size="middle"
        loading={warehouses.isFetching}
        dataSource={warehouses.data ?? []}
        pagination={false}
        locale={{
          emptyText: warehouses.error ? (
            <Empty description={warehouses.error.message} />
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('warehouses.empty')} />
          ),
        }}
        columns={[
          { title: t('warehouses.name'), dataIndex: 'name', render: (v: string) => <strong>{v}</strong> },
          { title: t('warehouses.unit'), dataIndex: 'orgName', width: 220 },
          {
            title: t('warehouses.address'),
            dataIndex: 'address',
            ellipsis: true,
            render: (v: string | null) => v ?? <span className="goods-muted">—</span>,
          },
          {
            title: t('warehouses.status'),
            dataIndex: 'isActive',
            width: 100,
            render: (v: boolean) =>
              v ? <Tag color="green">{t('warehouses.active')}</Tag> : <Tag>{t('warehouses.closed')}</Tag>,
          },
          {
            title: t('warehouses.createdAt'),
            dataIndex: 'createdAt',
            width: 170,
            render: (v: string) => <span className="goods-num">{formatDateTime(v, i18n.language)}</span>,
          },
          ...(canManage
            ? [
                {
                  title: '',
                  key: 'actions',
                  width: 190,
                  render: (_: unknown, w: WarehouseView) => (
                    <Space size={4}>
                      <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(w)}>
                        {t('common:actions.edit')}
                      </Button>
                      {w.isActive ? (
                        <Button size="small" danger onClick={() => setActive(w, false)} data-testid="warehouse-close">
                          {t('warehouses.close')}
                        </Button>
                      ) : (
                        <Button size="small" onClick={() => setActive(w, true)} data-testid="warehouse-reopen">
                          {t('warehouses.reopen')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
        data-testid="warehouses-table"
      />
      <WarehouseModal
        open={creating || editing !== null}
        editing={editing}
        orgId={orgId}
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
      />
    </Card>
  );
}
