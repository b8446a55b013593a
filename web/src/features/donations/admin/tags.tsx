// Coloured tags for the donation statuses and channels, and the money text every table uses.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatFen } from '../../../lib/money';
import type { Channel, ProjectStatus } from '../api';
import './donations.css';

const channelColors: Record<Channel, string> = {
  local: 'geekblue',
  wechat: 'green',
  alipay: 'blue',
  bank: 'purple',
  cash: 'gold',
  cheque: 'cyan',
};

export function ChannelTag({ channel }: { channel: Channel }) {
  const { t } = useTranslation('donations');
  return (
    <Tag color={channelColors[channel]} variant="outlined">
      {t(`channels.${channel}`)}
    </Tag>
  );
}

const projectColors: Record<ProjectStatus, string> = { draft: 'default', open: 'success', closed: 'error' };

export function ProjectStatusTag({ status, isAccepting }: { status: ProjectStatus; isAccepting?: boolean }) {
  const { t } = useTranslation('donations');
  if (status === 'open' && isAccepting === false) {
    return <Tag color="warning">{t('projects.notAccepting')}</Tag>;
  }
  return <Tag color={projectColors[status]}>{t(`projectStatus.${status}`)}</Tag>;
}

const payoutColors = { pending: 'processing', paid: 'success', rejected: 'error' } as const;

export function PayoutStatusTag({ status }: { status: keyof typeof payoutColors }) {
  const { t } = useTranslation('donations');
  return (
    <Tag color={payoutColors[status]} data-testid="payout-status">
      {t(`payoutStatus.${status}`)}
    </Tag>
  );
}

const verdictColors: Record<string, string> = {
  accepted: 'success',
  duplicate: 'default',
  forged: 'error',
  malformed: 'warning',
  unknown_order: 'warning',
  amount_mismatch: 'error',
  late: 'orange',
};

export function VerdictTag({ verdict }: { verdict: string }) {
  const { t } = useTranslation('donations');
  const known = verdict in verdictColors;
  return (
    <Tag color={verdictColors[verdict] ?? 'default'}>{known ? t(`verdicts.${verdict as 'forged'}`) : verdict}</Tag>
  );
}

/** An amount in yuan, right-aligned figures (tabular digits). */
export function Money({ fen, strong }: { fen: number | null | undefined; strong?: boolean }) {
  return <span className={strong ? 'money money-strong' : 'money'}>{formatFen(fen)}</span>;
}
