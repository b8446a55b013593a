// The application form generated from an item's field schema (text, textarea, number, date, select, phone, ID number)
// and one upload control per material; every check mirrors the server's (form-rules.ts). Used to apply and for 补正.
import { DatePicker, Form, Input, InputNumber, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { FormField, ItemView } from '../../../../../server/src/modules/services/services.schemas';
import { checkField, type FieldProblem, maxLengthOf } from '../form-rules';
import { usePick } from './labels';
import { type KnownFile, MaterialUpload } from './material-upload';

/** Form values: answers under `form.<key>`, file ids under `files.<materialKey>`. */
export type ItemFormValues = {
  form?: Record<string, unknown>;
  files?: Record<string, string[] | undefined>;
};

/** The control for one field; Form.Item passes value, onChange and id through `control`. */
function FieldInput({
  field,
  ...control
}: {
  field: FormField;
  id?: string;
  value?: unknown;
  onChange?: (v: unknown) => void;
}) {
  const { t } = useTranslation('common');
  const { pick } = usePick();
  const placeholder = field.hintZh || field.hintEn ? pick(field.hintZh ?? '', field.hintEn) : undefined;
  const props = control as Record<string, never>;
  switch (field.type) {
    case 'textarea':
      return (
        <Input.TextArea
          {...props}
          autoSize={{ minRows: 3, maxRows: 8 }}
          maxLength={maxLengthOf(field)}
          showCount
          placeholder={placeholder}
        />
      );
    case 'number':
      return (
        <InputNumber
          {...props}
          style={{ width: '100%' }}
          min={field.min}
          max={field.max}
          inputMode="decimal"
          placeholder={placeholder}
        />
      );
    case 'date':
      return <DatePicker {...props} style={{ width: '100%' }} inputReadOnly placeholder={placeholder} />;
    case 'select':
      return (
        <Select
          {...props}
          placeholder={placeholder ?? t('form.choose')}
          options={(field.options ?? []).map((o) => ({ value: o.value, label: pick(o.labelZh, o.labelEn) }))}
        />
      );
    case 'phone':
      return <Input {...props} inputMode="tel" autoComplete="tel" maxLength={16} placeholder={placeholder} />;
    case 'idNumber':
      return (
        <Input
          {...props}
          autoComplete="off"
          maxLength={18}
          placeholder={placeholder}
          style={{ textTransform: 'uppercase' }}
        />
      );
    default:
      return <Input {...props} maxLength={maxLengthOf(field)} placeholder={placeholder} />;
  }
}

export function FormFields({ fields }: { fields: FormField[] }) {
  const { t } = useTranslation('services');
  const { pick } = usePick();
  const message = (field: FormField, problem: FieldProblem) =>
    t(
      `problems.${problem === 'required' && (field.type === 'select' || field.type === 'date') ? 'requiredChoice' : problem}`,
      {
        label: pick(field.labelZh, field.labelEn),
        max: problem === 'tooLong' ? maxLengthOf(field) : field.max,
        min: field.min,
      },
    );
  return (
    <>
      {fields.map((field) => (
        <Form.Item
          key={field.key}
          name={['form', field.key]}
          label={pick(field.labelZh, field.labelEn)}
          required={field.required}
          extra={
            field.type !== 'textarea' && (field.hintZh || field.hintEn)
              ? pick(field.hintZh ?? '', field.hintEn)
              : undefined
          }
          data-testid={`field-${field.key}`}
          {...(field.type === 'date'
            ? {
                getValueProps: (v: string | undefined) => ({ value: v ? dayjs(v) : undefined }),
                normalize: (d: dayjs.Dayjs | null) => (d ? d.format('YYYY-MM-DD') : undefined),
              }
            : {})}
          rules={[
            {
              validator: (_, value) => {
                const problem = checkField(field, value);
                return problem ? Promise.reject(new Error(message(field, problem))) : Promise.resolve();
              },
            },
          ]}
        >
          <FieldInput field={field} />
        </Form.Item>
      ))}
    </>
  );
}

export function MaterialFields({
  item,
  known,
  hrefOf,
}: {
  item: ItemView;
  known?: Record<string, KnownFile>;
  hrefOf?: (fileId: string) => string | undefined;
}) {
  const { t } = useTranslation('services');
  const { pick } = usePick();
  return (
    <>
      {item.materials.map((m) => (
        <Form.Item
          key={m.key}
          name={['files', m.key]}
          label={
            <span>
              {pick(m.nameZh, m.nameEn)}
              <span className={m.required ? 'svc-req' : 'svc-opt'}>
                {m.required ? t('item.required') : t('item.optional')}
              </span>
            </span>
          }
          extra={m.hintZh || m.hintEn ? pick(m.hintZh ?? '', m.hintEn) : undefined}
          rules={
            m.required
              ? [
                  {
                    required: true,
                    type: 'array',
                    min: 1,
                    message: t('item.materialRequired', { name: pick(m.nameZh, m.nameEn) }),
                  },
                ]
              : []
          }
          required={m.required}
        >
          <MaterialUpload material={m} known={known} hrefOf={hrefOf} />
        </Form.Item>
      ))}
    </>
  );
}

/** The file ids per material as the server takes them (materials without files left out). */
export function toFileIds(files: ItemFormValues['files']): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, ids] of Object.entries(files ?? {})) {
    if (ids && ids.length > 0) {
      out[key] = ids;
    }
  }
  return out;
}
