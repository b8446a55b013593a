// Creates or edits a service item: names and descriptions (zh/en), category, handling level, promised working days,
// public notice, the fulfilling module, active, order, the materials to upload and the application form's fields.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Select, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryView, FormField, ItemView } from '../../../../../server/src/modules/services/services.schemas';
import {
  formFieldTypeValues,
  fulfilledByValues,
  handlingLevelValues,
  materialFileTypeValues,
} from '../../../../../server/src/modules/services/services.schemas';
import { isApiError } from '../../../app/api-client';
import { showErrorOnFields } from '../../../components/server-errors';
import { useSaveItem } from '../api';
import { formatOptions, parseOptions } from '../catalogue-form';
import { usePick } from '../components/labels';

type FieldValues = Omit<FormField, 'options'> & { optionsText?: string };
type Values = Omit<ItemView, 'formFields' | 'expectedDoneOn' | 'updatedAt'> & { formFields: FieldValues[] };

const blankItem = (categoryCode: string): Partial<Values> => ({
  categoryCode,
  descriptionZh: '',
  descriptionEn: '',
  materials: [],
  formFields: [],
  handlingLevel: 'county',
  timeLimitDays: 5,
  needsPublicNotice: false,
  fulfilledBy: 'hall',
  isActive: true,
  sortOrder: 0,
});

const blank = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

function toFormFields(fields: FieldValues[]): FormField[] {
  return fields.map(({ optionsText, ...f }) => ({
    key: f.key,
    labelZh: f.labelZh,
    labelEn: f.labelEn,
    type: f.type,
    required: Boolean(f.required),
    ...(f.type === 'select' ? { options: parseOptions(optionsText ?? '') ?? [] } : {}),
    ...(f.maxLength && (f.type === 'text' || f.type === 'textarea') ? { maxLength: f.maxLength } : {}),
    ...(f.type === 'number' && typeof f.min === 'number' ? { min: f.min } : {}),
    ...(f.type === 'number' && typeof f.max === 'number' ? { max: f.max } : {}),
    ...(blank(f.hintZh) ? { hintZh: blank(f.hintZh) } : {}),
    ...(blank(f.hintEn) ? { hintEn: blank(f.hintEn) } : {}),
  }));
}

export function ItemFormModal({
  open,
  item,
  categories,
  categoryCode,
  onClose,
}: {
  open: boolean;
  item: ItemView | null;
  categories: CategoryView[];
  categoryCode: string;
  onClose: () => void;
}) {
  const { t } = useTranslation(['services', 'common']);
  const { pick } = usePick();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveItem();
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      setError(null);
      form.resetFields();
      form.setFieldsValue(
        item
          ? { ...item, formFields: item.formFields.map((f) => ({ ...f, optionsText: formatOptions(f.options) })) }
          : (blankItem(categoryCode) as Values),
      );
    }
  }, [open, item, categoryCode, form]);

  const onOk = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    const body = {
      categoryCode: v.categoryCode,
      nameZh: v.nameZh,
      nameEn: v.nameEn,
      descriptionZh: v.descriptionZh ?? '',
      descriptionEn: v.descriptionEn ?? '',
      materials: (v.materials ?? []).map((m) => ({
        key: m.key,
        nameZh: m.nameZh,
        nameEn: m.nameEn,
        required: Boolean(m.required),
        fileTypes: m.fileTypes,
        ...(blank(m.hintZh) ? { hintZh: blank(m.hintZh) } : {}),
        ...(blank(m.hintEn) ? { hintEn: blank(m.hintEn) } : {}),
      })),
      formFields: toFormFields(v.formFields ?? []),
      handlingLevel: v.handlingLevel,
      timeLimitDays: v.timeLimitDays,
      needsPublicNotice: v.needsPublicNotice,
      fulfilledBy: v.fulfilledBy,
      isActive: v.isActive,
      sortOrder: v.sortOrder,
    };
    try {
      if (item) {
        await save.mutateAsync({ code: item.code, create: false, body });
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
  };

  return (
    <Modal
      open={open}
      width={960}
      title={item ? t('catalogue.editItem', { name: pick(item) }) : t('catalogue.newItem')}
      okText={t('common:actions.save')}
      cancelText={t('common:actions.cancel')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={save.isPending}
      styles={{ body: { maxHeight: '70vh', overflowY: 'auto', paddingRight: 8 } }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" data-testid="item-form">
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item
              name="code"
              label={t('catalogue.code')}
              extra={t('catalogue.codeHint')}
              rules={[{ required: !item, pattern: /^[a-z][a-z0-9_-]{1,39}$/ }]}
            >
              <Input disabled={Boolean(item)} className="svc-mono" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="categoryCode" label={t('catalogue.category')} rules={[{ required: true }]}>
              <Select options={categories.map((c) => ({ value: c.code, label: pick(c) }))} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="sortOrder" label={t('catalogue.sortOrder')} rules={[{ required: true }]}>
              <InputNumber min={0} max={10000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="isActive" label={t('catalogue.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="nameZh"
              label={t('catalogue.nameZh')}
              rules={[{ required: true, whitespace: true, max: 60 }]}
            >
              <Input maxLength={60} data-testid="item-name-zh" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="nameEn"
              label={t('catalogue.nameEn')}
              rules={[{ required: true, whitespace: true, max: 120 }]}
            >
              <Input maxLength={120} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="descriptionZh" label={t('catalogue.descriptionZh')}>
              <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="descriptionEn" label={t('catalogue.descriptionEn')}>
              <Input.TextArea maxLength={4000} autoSize={{ minRows: 2, maxRows: 6 }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="handlingLevel" label={t('catalogue.level')} rules={[{ required: true }]}>
              <Select options={handlingLevelValues.map((l) => ({ value: l, label: t(`levels.${l}`) }))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="timeLimitDays" label={t('catalogue.timeLimit')} rules={[{ required: true }]}>
              <InputNumber min={1} max={365} style={{ width: '100%' }} data-testid="item-time-limit" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="fulfilledBy" label={t('catalogue.fulfilledBy')} rules={[{ required: true }]}>
              <Select options={fulfilledByValues.map((f) => ({ value: f, label: t(`fulfilledBy.${f}`) }))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="needsPublicNotice" label={t('catalogue.notice')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>

        <Form.List name="materials">
          {(list, { add, remove }) => (
            <Card
              size="small"
              title={t('catalogue.materials')}
              extra={
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  onClick={() => add({ required: true, fileTypes: ['jpg', 'png', 'pdf'] })}
                >
                  {t('catalogue.addMaterial')}
                </Button>
              }
              style={{ marginBottom: 16 }}
            >
              {list.map((f) => (
                <Row
                  key={f.key}
                  gutter={8}
                  align="top"
                  wrap={false}
                  style={{ borderBottom: '1px dashed #f0f0f0', marginBottom: 8 }}
                >
                  <Col flex="120px">
                    <Form.Item
                      name={[f.name, 'key']}
                      label={t('catalogue.key')}
                      rules={[{ required: true, pattern: /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/ }]}
                    >
                      <Input className="svc-mono" />
                    </Form.Item>
                  </Col>
                  <Col flex="1">
                    <Form.Item
                      name={[f.name, 'nameZh']}
                      label={t('catalogue.nameZh')}
                      rules={[{ required: true, whitespace: true, max: 60 }]}
                    >
                      <Input />
                    </Form.Item>
                    <Form.Item name={[f.name, 'hintZh']} label={t('catalogue.hintZh')}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col flex="1">
                    <Form.Item
                      name={[f.name, 'nameEn']}
                      label={t('catalogue.nameEn')}
                      rules={[{ required: true, whitespace: true, max: 100 }]}
                    >
                      <Input />
                    </Form.Item>
                    <Form.Item name={[f.name, 'hintEn']} label={t('catalogue.hintEn')}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col flex="170px">
                    <Form.Item
                      name={[f.name, 'fileTypes']}
                      label={t('catalogue.fileTypes')}
                      rules={[{ required: true, type: 'array', min: 1 }]}
                    >
                      <Select
                        mode="multiple"
                        options={materialFileTypeValues.map((v) => ({ value: v, label: v.toUpperCase() }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col flex="60px">
                    <Form.Item name={[f.name, 'required']} label={t('catalogue.required')} valuePropName="checked">
                      <Switch size="small" />
                    </Form.Item>
                  </Col>
                  <Col flex="32px" style={{ paddingTop: 30 }}>
                    <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                  </Col>
                </Row>
              ))}
            </Card>
          )}
        </Form.List>

        <Form.List name="formFields">
          {(list, { add, remove }) => (
            <Card
              size="small"
              title={t('catalogue.formFields')}
              extra={
                <Button size="small" icon={<PlusOutlined />} onClick={() => add({ type: 'text', required: false })}>
                  {t('catalogue.addField')}
                </Button>
              }
            >
              {list.map((f) => (
                <Row
                  key={f.key}
                  gutter={8}
                  align="top"
                  wrap={false}
                  style={{ borderBottom: '1px dashed #f0f0f0', marginBottom: 8 }}
                >
                  <Col flex="120px">
                    <Form.Item
                      name={[f.name, 'key']}
                      label={t('catalogue.key')}
                      rules={[{ required: true, pattern: /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/ }]}
                    >
                      <Input className="svc-mono" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'type']} label={t('catalogue.type')} rules={[{ required: true }]}>
                      <Select
                        options={formFieldTypeValues.map((v) => ({ value: v, label: t(`catalogue.fieldTypes.${v}`) }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col flex="1">
                    <Form.Item
                      name={[f.name, 'labelZh']}
                      label={t('catalogue.labelZh')}
                      rules={[{ required: true, whitespace: true, max: 60 }]}
                    >
                      <Input />
                    </Form.Item>
                    <Form.Item name={[f.name, 'hintZh']} label={t('catalogue.hintZh')}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col flex="1">
                    <Form.Item
                      name={[f.name, 'labelEn']}
                      label={t('catalogue.labelEn')}
                      rules={[{ required: true, whitespace: true, max: 100 }]}
                    >
                      <Input />
                    </Form.Item>
                    <Form.Item name={[f.name, 'hintEn']} label={t('catalogue.hintEn')}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col flex="220px">
                    <Form.Item noStyle shouldUpdate>
                      {() => {
                        const type = form.getFieldValue(['formFields', f.name, 'type']) as
                          | FormField['type']
                          | undefined;
                        if (type === 'select') {
                          return (
                            <Form.Item
                              name={[f.name, 'optionsText']}
                              label={t('catalogue.options')}
                              extra={t('catalogue.optionsHint')}
                              rules={[
                                {
                                  validator: (_, v: string | undefined) => {
                                    const parsed = parseOptions(v ?? '');
                                    return parsed && parsed.length > 0
                                      ? Promise.resolve()
                                      : Promise.reject(new Error(t('catalogue.optionsInvalid')));
                                  },
                                },
                              ]}
                            >
                              <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} />
                            </Form.Item>
                          );
                        }
                        if (type === 'number') {
                          return (
                            <Row gutter={8}>
                              <Col span={12}>
                                <Form.Item name={[f.name, 'min']} label={t('catalogue.min')}>
                                  <InputNumber style={{ width: '100%' }} />
                                </Form.Item>
                              </Col>
                              <Col span={12}>
                                <Form.Item name={[f.name, 'max']} label={t('catalogue.max')}>
                                  <InputNumber style={{ width: '100%' }} />
                                </Form.Item>
                              </Col>
                            </Row>
                          );
                        }
                        if (type === 'text' || type === 'textarea') {
                          return (
                            <Form.Item name={[f.name, 'maxLength']} label={t('catalogue.maxLength')}>
                              <InputNumber
                                min={1}
                                max={5000}
                                style={{ width: '100%' }}
                                placeholder={type === 'text' ? '100' : '2000'}
                              />
                            </Form.Item>
                          );
                        }
                        return null;
                      }}
                    </Form.Item>
                  </Col>
                  <Col flex="60px">
                    <Form.Item name={[f.name, 'required']} label={t('catalogue.required')} valuePropName="checked">
                      <Switch size="small" />
                    </Form.Item>
                  </Col>
                  <Col flex="32px" style={{ paddingTop: 30 }}>
                    <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                  </Col>
                </Row>
              ))}
            </Card>
          )}
        </Form.List>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="item-form-error" />}
    </Modal>
  );
}
