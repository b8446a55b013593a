// Coloured tags for requests decided by a second person and for disclosure obligations.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DisclosureView } from '../../../../../server/src/modules/donations/donations.schemas';
import type { ApprovalStatus } from '../api';

const approvalColors: Record<ApprovalStatus, string> = { pending: 'processing', done: 'success', rejected: 'error' };

/** A refund, correction or transfer request's status, with the label its own kind uses (已完成 / 已调拨). */
export function ApprovalStatusTag({ status, label }: { status: ApprovalStatus; label: string }) {
  return (
    <Tag color={approvalColors[status]} data-testid="approval-status">
      {label}
    </Tag>
  );
}

const disclosureColors: Record<DisclosureView['status'], string> = {
  overdue: 'red',
  due: 'orange',
  published: 'green',
  published_late: 'gold',
};

export function DisclosureStatusTag({ status }: { status: DisclosureView['status'] }) {
  const { t } = useTranslation('donations');
  return (
    <Tag color={disclosureColors[status]} data-testid="disclosure-status">
      {t(`disclosures.status.${status}`)}
    </Tag>
  );
}

const kindColors: Record<DisclosureView['kind'], string> = {
  periodic: 'blue',
  final: 'geekblue',
  use_of_funds: 'cyan',
  correction: 'magenta',
};

export function DisclosureKindTag({ kind }: { kind: DisclosureView['kind'] }) {
  const { t } = useTranslation('donations');
  return (
    <Tag color={kindColors[kind]} variant="outlined">
      {t(`disclosures.kinds.${kind}`)}
    </Tag>
  );
}
