// Tags and names for relief kinds, case statuses and approving levels, in the page's language (labels from the
// server's relief.schemas.ts).
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  type CaseStatus,
  type CauseCategory,
  caseStatusLabels,
  causeCategoryLabels,
  type ReliefKind,
  reliefKindLabels,
} from '../../../../../server/src/modules/relief/relief.schemas';
import { pickLabel } from '../../../app/i18n';

const statusColors: Record<CaseStatus, string> = {
  submitted: 'processing',
  returned: 'warning',
  verified: 'cyan',
  reviewed: 'geekblue',
  approved: 'blue',
  on_notice: 'purple',
  payout_requested: 'gold',
  paid: 'success',
  followed_up: 'success',
  closed: 'default',
  rejected: 'error',
};

export function useReliefLabels() {
  const { i18n } = useTranslation();
  return {
    kind: (k: ReliefKind) => pickLabel(reliefKindLabels[k], i18n.language),
    /** The name the administrators gave the kind (Chinese) on Chinese pages, the built-in label on English ones. */
    kindName: (k: ReliefKind, configured: string | undefined) =>
      i18n.language === 'en' || !configured ? pickLabel(reliefKindLabels[k], i18n.language) : configured,
    status: (s: CaseStatus) => pickLabel(caseStatusLabels[s], i18n.language),
    cause: (c: CauseCategory) => pickLabel(causeCategoryLabels[c], i18n.language),
  };
}

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const labels = useReliefLabels();
  return (
    <Tag color={statusColors[status]} data-testid="case-status">
      {labels.status(status)}
    </Tag>
  );
}

export function KindTag({ kind }: { kind: ReliefKind }) {
  const labels = useReliefLabels();
  return <Tag variant="outlined">{labels.kind(kind)}</Tag>;
}
