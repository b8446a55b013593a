// Small shared bits of the training pages: status tags and date formatting (B and C may import them).
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ClassStatus, EnrolmentStatus } from '../../../../../server/src/modules/training/training-classes.schemas';

type Result = 'pending' | 'passed' | 'failed';

const classColor: Record<string, string> = {
  draft: 'default',
  open: 'green',
  closed: 'orange',
  finished: 'blue',
  cancelled: 'red',
};
const enrolColor: Record<string, string> = {
  enrolled: 'green',
  waitlisted: 'gold',
  cancelled: 'default',
  completed: 'blue',
  failed: 'red',
};
const resultColor: Record<string, string> = { pending: 'default', passed: 'green', failed: 'red' };

export function ClassStatusTag({ status }: { status: ClassStatus }) {
  const { t } = useTranslation('trainingClasses');
  return <Tag color={classColor[status]}>{t(`classStatus.${status}` as const)}</Tag>;
}

export function EnrolStatusTag({ status }: { status: EnrolmentStatus }) {
  const { t } = useTranslation('trainingClasses');
  return <Tag color={enrolColor[status]}>{t(`enrolStatus.${status}` as const)}</Tag>;
}

export function ResultTag({ result, score }: { result: Result; score?: number | null }) {
  const { t } = useTranslation('trainingClasses');
  return (
    <Tag color={resultColor[result]}>
      {t(`result.${result}` as const)}
      {score !== null && score !== undefined ? ` ${score}` : ''}
    </Tag>
  );
}

/** `2026-11-24` → `2026-11-24`; a range as `a ~ b` (one date when equal). */
export function dateRange(from: string, to: string): string {
  return from === to ? from : `${from} ~ ${to}`;
}
