// 窗口代办: staff file a request for a person at the counter (or for a village volunteer's neighbour): the service,
// where they apply, name and mobile, then the service's own form and materials, checked as on the public page.
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { OrgPicker } from '../../../components/org-picker';
import { showErrorOnFields } from '../../../components/server-errors';
import { useCatalogue, useFileOnBehalf } from '../api';
import { FormFields, type ItemFormValues, MaterialFields, toFileIds } from '../components/item-form-fields';
import { usePick } from '../components/labels';
import { isPhoneNumber, toAnswers } from '../form-rules';

type Values = ItemFormValues & { itemCode?: string; orgId?: number; applicantName?: string; applicantPhone?: string };

export function FileOnBehalfModal({
  open,
  orgId,
  onClose,
  onFiled,
}: {
  open: boolean;
  orgId: number | undefined;
  onClose: () => void;
  onFiled: (id: string) => void;
}) {
  const { t } = useTranslation(['services', 'common']);
  const { pick } = usePick();
  const { message } = App.useApp();
  const catalogue = useCatalogue();
  const file = useFileOnBehalf();
  const [form] = Form.useForm<Values>();
  const itemCode = Form.useWatch('itemCode', form);
  const [error, setError] = useState<string | null>(null);
  const items = (catalogue.data?.categories ?? []).flatMap((c) => c.items);
  const item = items.find((i) => i.code === itemCode);

  const onOk = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    if (!item) {
      return;
    }
    setError(null);
    try {
      const filed = await file.mutateAsync({
        itemCode: item.code,
        orgId: v.orgId as number,
        applicantName: (v.applicantName ?? '').trim(),
        applicantPhone: (v.applicantPhone ?? '').replace(/[\s-]/g, ''),
        form: toAnswers(item.formFields, v.form ?? {}),
        fileIds: toFileIds(v.files),
      });
      message.success(t('onBehalf.filed', { no: filed.requestNo }));
      onFiled(filed.id);
    } catch (e) {
      if (!showErrorOnFields(form, e)) {
        setError(isApiError(e) ? e.message : String(e));
      }
    }
  };

  return (
    <Modal
      open={open}
      width={640}
      title={t('onBehalf.title')}
      okText={t('common:actions.submit')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={file.isPending}
      onOk={onOk}
      onCancel={onClose}
      destroyOnHidden
      styles={{ body: { maxHeight: '70vh', overflowY: 'auto', paddingRight: 8 } }}
    >
      <Alert type="info" showIcon title={t('onBehalf.hint')} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical" initialValues={{ orgId }} data-testid="on-behalf-form">
        <Form.Item name="itemCode" label={t('onBehalf.item')} rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={(catalogue.data?.categories ?? []).map((c) => ({
              label: pick(c),
              options: c.items.map((i) => ({ value: i.code, label: pick(i) })),
            }))}
            onChange={() => form.setFieldsValue({ form: {}, files: {} })}
          />
        </Form.Item>
        <Form.Item name="orgId" label={t('onBehalf.unit')} rules={[{ required: true }]}>
          <OrgPicker />
        </Form.Item>
        <Form.Item
          name="applicantName"
          label={t('onBehalf.applicantName')}
          rules={[{ required: true, whitespace: true, max: 50 }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          name="applicantPhone"
          label={t('onBehalf.applicantPhone')}
          rules={[
            {
              required: true,
              validator: (_, v: string | undefined) =>
                v && isPhoneNumber(v) ? Promise.resolve() : Promise.reject(new Error(t('problems.badPhone'))),
            },
          ]}
        >
          <Input inputMode="tel" maxLength={20} />
        </Form.Item>
        {item && <FormFields fields={item.formFields} />}
        {item && <MaterialFields item={item} />}
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}
