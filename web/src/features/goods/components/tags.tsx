// Small pieces every goods page shows: the lot status, the movement kind, the exact product code, a quantity with its
// unit, the expiry badge (expired / expiring soon within the configured alert window) and who did something.
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../app/session';
import { chinaToday } from '../../../lib/china-time';
import type { LotStatus, MovementKind, WriteOffStatus } from '../api';
import { useGoodsRules } from '../api';
import { expiryState } from '../shelf-life';

const statusColor: Record<LotStatus, string> = { pending: 'gold', received: 'green', rejected: 'default' };
const kindColor: Record<MovementKind, string> = {
  intake: 'green',
  transfer: 'blue',
  distribution: 'red',
  write_off: 'default',
};
const writeOffColor: Record<WriteOffStatus, string> = { pending: 'gold', approved: 'default', rejected: 'red' };

export function LotStatusTag({ status }: { status: LotStatus }) {
  const { t } = useTranslation('goods');
  return <Tag color={statusColor[status]}>{t(`status.${status}`)}</Tag>;
}

export function KindTag({ kind }: { kind: MovementKind }) {
  const { t } = useTranslation('goods');
  return <Tag color={kindColor[kind]}>{t(`kinds.${kind}`)}</Tag>;
}

export function WriteOffStatusTag({ status }: { status: WriteOffStatus }) {
  const { t } = useTranslation('goods');
  return <Tag color={writeOffColor[status]}>{t(`writeOffStatus.${status}`)}</Tag>;
}

/** The product code as the exact product (N95 is not KN95). */
export function ProductCode({ code }: { code: string }) {
  return <span className="goods-code">{code}</span>;
}

export function Units({ quantity, unit, strong }: { quantity: number; unit: string; strong?: boolean }) {
  return (
    <span className="goods-num" style={strong ? { fontWeight: 600 } : undefined}>
      {quantity.toLocaleString('en-US')} {unit}
    </span>
  );
}

/** Expired, expiring within the configured alert window, or nothing (quiet for lots far from expiry). */
export function ExpiryBadge({ expiresOn, showOk }: { expiresOn: string | null; showOk?: boolean }) {
  const { t } = useTranslation('goods');
  const rules = useGoodsRules();
  const state = expiryState(expiresOn, chinaToday(), rules.data?.expiryAlertDays ?? 30);
  if (state.kind === 'expired') {
    return (
      <Tag color="error" data-testid="expiry-badge">
        {t('expiry.expired', { days: state.days })}
      </Tag>
    );
  }
  if (state.kind === 'soon') {
    return (
      <Tag color="warning" data-testid="expiry-badge">
        {state.days === 0 ? t('expiry.today') : t('expiry.soon', { days: state.days })}
      </Tag>
    );
  }
  if (showOk && state.kind === 'ok') {
    return <Tag>{t('expiry.ok', { days: state.days })}</Tag>;
  }
  return null;
}

/** "me" or "another staff member" for a user id (the views carry ids, not names). */
export function useWho() {
  const { t } = useTranslation('goods');
  const { data: me } = useMe();
  return (userId: string | null) =>
    userId === null ? '—' : userId === me?.userId ? <Tag>{t('common.me')}</Tag> : t('common.otherUser');
}
