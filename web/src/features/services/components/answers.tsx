// The applicant's form answers as label–value rows (labels from the item's field schema, options shown by name).
import { Descriptions } from 'antd';
import type { FormAnswers, FormField } from '../../../../../server/src/modules/services/services.schemas';
import { usePick } from './labels';

export function Answers({ fields, answers }: { fields: FormField[]; answers: FormAnswers }) {
  const { pick } = usePick();
  const shown = (f: FormField) => {
    const v = answers[f.key];
    if (v === null || v === undefined || v === '') {
      return '—';
    }
    if (f.type === 'select') {
      const option = f.options?.find((o) => o.value === v);
      return option ? pick(option.labelZh, option.labelEn) : String(v);
    }
    return String(v);
  };
  return (
    <Descriptions column={1} size="small" bordered data-testid="request-answers">
      {fields.map((f) => (
        <Descriptions.Item key={f.key} label={pick(f.labelZh, f.labelEn)}>
          <span style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{shown(f)}</span>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}
