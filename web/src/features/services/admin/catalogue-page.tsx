// 办事事项管理: the categories and their items (active and inactive); an item opens its editor, a category its names,
// order and active switch. Changes reach the public hall at once.
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Collapse, Form, Input, InputNumber, Modal, Space, Switch, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryView, ItemView } from '../../../../../server/src/modules/services/services.schemas';
import { isApiError } from '../../../app/api-client';
import { showErrorOnFields } from '../../../components/server-errors';
import { useManageCatalogue, useSaveCategory } from '../api';
import { usePick } from '../components/labels';
import { ItemFormModal } from './item-form-modal';
import '../components/services.css';

type CategoryValues = { code: string; nameZh: string; nameEn: string; sortOrder: number; isActive: boolean };

function CategoryModal({
  open,
  category,
  onClose,
}: {
  open: boolean;
  category: CategoryView | null;
  onClose: () => void;
}) {
  const { t } = useTranslation(['services', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<CategoryValues>();
  const save = useSaveCategory();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (open) {
      setError(null);
      form.resetFields();
      form.setFieldsValue(category ?? { sortOrder: 0, isActive: true });
    }
  }, [open, category, form]);
  return (
    <Modal
      open={open}
      title={category ? t('catalogue.editCategory') : t('catalogue.newCategory')}
      okText={t('common:actions.save')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={save.isPending}
      onCancel={onClose}
      onOk={async () => {
        let v: CategoryValues;
        try {
          v = await form.validateFields();
        } catch {
          return;
        }
        const body = { nameZh: v.nameZh, nameEn: v.nameEn, sortOrder: v.sortOrder, isActive: v.isActive };
        try {
          if (category) {
            await save.mutateAsync({ code: category.code, create: false, body });
          } else {
            await save.mutateAsync({ code: v.code, create: true, body: { code: v.code, ...body } });
          }
          message.success(t('catalogue.saved'));
          onClose();
        } catch (e) {
          if (!showErrorOnFields(form, e)) {
            setError(isApiError(e) ? e.message : String(e));
          }
        }
      }}
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="code"
          label={t('catalogue.code')}
          extra={t('catalogue.codeHint')}
          rules={[{ required: !category, pattern: /^[a-z][a-z0-9_-]{1,39}$/ }]}
        >
          <Input disabled={Boolean(category)} className="svc-mono" />
        </Form.Item>
        <Form.Item name="nameZh" label={t('catalogue.nameZh')} rules={[{ required: true, whitespace: true, max: 40 }]}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('catalogue.nameEn')} rules={[{ required: true, whitespace: true, max: 80 }]}>
          <Input maxLength={80} />
        </Form.Item>
        <Space size={24}>
          <Form.Item name="sortOrder" label={t('catalogue.sortOrder')} rules={[{ required: true }]}>
            <InputNumber min={0} max={10000} />
          </Form.Item>
          <Form.Item name="isActive" label={t('catalogue.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}

export function CataloguePage() {
  const { t } = useTranslation(['services', 'common']);
  const { pick } = usePick();
  const catalogue = useManageCatalogue();
  const categories = catalogue.data?.categories ?? [];
  const [editingItem, setEditingItem] = useState<{ item: ItemView | null; categoryCode: string } | null>(null);
  const [editingCategory, setEditingCategory] = useState<{ category: CategoryView | null } | null>(null);

  return (
    <Card
      title={t('catalogue.title')}
      loading={catalogue.isLoading}
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setEditingCategory({ category: null })}>
          {t('catalogue.newCategory')}
        </Button>
      }
      data-testid="catalogue-page"
    >
      {catalogue.error && <Alert type="error" showIcon title={catalogue.error.message} />}
      <Collapse
        defaultActiveKey={categories.map((c) => c.code)}
        items={categories.map((c) => ({
          key: c.code,
          label: (
            <Space>
              <strong>{pick(c)}</strong>
              <span className="svc-mono svc-muted">{c.code}</span>
              <span className="svc-muted">{t('catalogue.items', { count: c.items.length })}</span>
              {!c.isActive && <Tag>{t('catalogue.inactive')}</Tag>}
            </Space>
          ),
          extra: (
            <Space onClick={(e) => e.stopPropagation()}>
              <Button size="small" icon={<EditOutlined />} onClick={() => setEditingCategory({ category: c })}>
                {t('catalogue.edit')}
              </Button>
              <Button
                size="small"
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setEditingItem({ item: null, categoryCode: c.code })}
              >
                {t('catalogue.newItem')}
              </Button>
            </Space>
          ),
          children: (
            <Table<ItemView>
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={c.items}
              onRow={(item) => ({
                onClick: () => setEditingItem({ item, categoryCode: c.code }),
                style: { cursor: 'pointer' },
              })}
              columns={[
                { title: t('catalogue.sortOrder'), dataIndex: 'sortOrder', width: 70 },
                {
                  title: t('catalogue.nameZh'),
                  key: 'name',
                  render: (_, i) => (
                    <div>
                      <div>{pick(i)}</div>
                      <div className="svc-mono svc-muted">{i.code}</div>
                    </div>
                  ),
                },
                {
                  title: t('catalogue.level'),
                  dataIndex: 'handlingLevel',
                  width: 110,
                  render: (l: ItemView['handlingLevel']) => t(`levels.${l}`),
                },
                {
                  title: t('catalogue.timeLimit'),
                  dataIndex: 'timeLimitDays',
                  width: 140,
                  render: (d: number) => t('days', { count: d }),
                },
                { title: t('catalogue.materials'), key: 'materials', width: 80, render: (_, i) => i.materials.length },
                { title: t('catalogue.formFields'), key: 'fields', width: 90, render: (_, i) => i.formFields.length },
                {
                  title: t('catalogue.fulfilledBy'),
                  dataIndex: 'fulfilledBy',
                  width: 110,
                  render: (f: ItemView['fulfilledBy']) => t(`fulfilledBy.${f}`),
                },
                {
                  title: t('catalogue.notice'),
                  dataIndex: 'needsPublicNotice',
                  width: 90,
                  render: (v: boolean) => (v ? <Tag color="orange">{t('item.noticeYes').slice(0, 2)}</Tag> : '—'),
                },
                {
                  title: t('catalogue.active'),
                  dataIndex: 'isActive',
                  width: 80,
                  render: (v: boolean) =>
                    v ? <Tag color="success">{t('catalogue.active')}</Tag> : <Tag>{t('catalogue.inactive')}</Tag>,
                },
              ]}
              data-testid={`catalogue-items-${c.code}`}
            />
          ),
        }))}
      />
      <ItemFormModal
        open={editingItem !== null}
        item={editingItem?.item ?? null}
        categoryCode={editingItem?.categoryCode ?? categories[0]?.code ?? ''}
        categories={categories}
        onClose={() => setEditingItem(null)}
      />
      <CategoryModal
        open={editingCategory !== null}
        category={editingCategory?.category ?? null}
        onClose={() => setEditingCategory(null)}
      />
    </Card>
  );
}
