// The payer of a receipt request: person or organisation, name, and ID number or unified social credit code, checked
// in the browser by the server's own rules before anything is sent. Used by the donor's page and by staff.
import { Form, type FormInstance, Input, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { PayerIdType, ReceiptRequest } from '../../../../../server/src/modules/receipts/receipts.schemas';
import { checkPayerId, defaultIdType, type PayerKind, personIdTypes } from '../payer-id';
import { useIdTypeLabel } from './labels';

export type PayerValues = { kind: PayerKind; idType: PayerIdType; payerName: string; payerId: string };

export const initialPayer: PayerValues = { kind: 'person', idType: 'resident_id', payerName: '', payerId: '' };

/** The request body from checked form values (the ID as the donor typed it: the server normalises it again). */
export function toReceiptRequest(v: PayerValues): ReceiptRequest {
  return { payerName: v.payerName.trim(), payerIdType: v.idType, payerId: v.payerId.trim() };
}

type Props = {
  form: FormInstance<PayerValues>;
  size?: 'large' | 'middle';
  disabled?: boolean;
  initial?: Partial<PayerValues>;
};

export function PayerForm({ form, size = 'middle', disabled, initial }: Props) {
  const { t } = useTranslation('receipts');
  const idTypeLabel = useIdTypeLabel();
  const kind = (Form.useWatch('kind', form) ?? initial?.kind ?? 'person') as PayerKind;
  const isOrg = kind === 'organisation';
  return (
    <Form<PayerValues>
      form={form}
      layout="vertical"
      size={size}
      disabled={disabled}
      initialValues={{ ...initialPayer, ...initial }}
      requiredMark={false}
      onValuesChange={(changed: Partial<PayerValues>) => {
        if (changed.kind) {
          form.setFieldsValue({ idType: defaultIdType(changed.kind) });
          if (form.getFieldValue('payerId')) {
            void form.validateFields(['payerId']).catch(() => undefined);
          }
        }
      }}
    >
      <Form.Item name="kind" label={t('donor.payerKind')}>
        <Radio.Group
          optionType="button"
          buttonStyle="solid"
          data-testid="payer-kind"
          options={(['person', 'organisation'] as const).map((k) => ({ value: k, label: t(`payerKinds.${k}`) }))}
        />
      </Form.Item>
      <Form.Item
        name="payerName"
        label={isOrg ? t('donor.payerNameOrg') : t('donor.payerNamePerson')}
        rules={[{ required: true, whitespace: true, message: t('donor.payerNameRequired') }, { max: 100 }]}
      >
        <Input maxLength={100} autoComplete={isOrg ? 'organization' : 'name'} data-testid="payer-name" />
      </Form.Item>
      {/* Organisations are identified by the credit code; the field stays in the form so the value is sent. */}
      <Form.Item name="idType" label={t('donor.idType')} hidden={isOrg}>
        <Select
          options={personIdTypes.map((type) => ({ value: type, label: idTypeLabel(type) }))}
          popupMatchSelectWidth={false}
          data-testid="payer-id-type"
        />
      </Form.Item>
      <Form.Item
        name="payerId"
        label={isOrg ? t('donor.payerIdOrg') : t('donor.payerId')}
        dependencies={['idType']}
        validateTrigger="onBlur"
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_, value: string | undefined) => {
              const check = checkPayerId(getFieldValue('idType') as PayerIdType, value ?? '');
              if (!check.ok) {
                throw new Error(t(`problems.${check.problem}`));
              }
            },
          }),
        ]}
      >
        <Input
          maxLength={30}
          autoComplete="off"
          spellCheck={false}
          inputMode={isOrg ? 'text' : undefined}
          placeholder={isOrg ? t('donor.payerIdPlaceholderOrg') : t('donor.payerIdPlaceholderPerson')}
          className="receipts-mono-input"
          data-testid="payer-id"
        />
      </Form.Item>
    </Form>
  );
}
