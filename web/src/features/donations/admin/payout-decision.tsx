// Approve or reject a pending payout after a confirm; the requester may not decide their own request (the button says
// why, and the server refuses with SAME_USER_APPROVAL anyway). Server errors are shown as they come.
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Button, Input, Space, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useCan, useMe } from '../../../app/session';
import { formatFen } from '../../../lib/money';
import { type PayoutRow, useDecidePayout } from '../api';

export function PayoutDecisionButtons({ payout, size }: { payout: PayoutRow; size?: 'small' | 'middle' }) {
  const { t } = useTranslation(['donations', 'common']);
  const { modal, message } = App.useApp();
  const can = useCan();
  const { data: me } = useMe();
  const decide = useDecidePayout();
  if (payout.status !== 'pending' || !can('funds:approve')) {
    return null;
  }
  const isOwn = !!me?.userId && payout.requestedBy === me.userId;

  const run = async (decision: 'approve' | 'reject', note?: string) => {
    try {
      const after = await decide.mutateAsync({ id: payout.id, decision, note: note?.trim() || undefined });
      message.success(t(decision === 'approve' ? 'payouts.approved' : 'payouts.rejected', { no: after.payoutNo }));
    } catch (e) {
      modal.error({ title: isApiError(e) ? e.message : String(e), okText: t('common:actions.close') });
    }
  };

  const approve = () =>
    modal.confirm({
      title: t('payouts.approveTitle', { amount: formatFen(payout.amountFen) }),
      content: t('payouts.approveConfirm', { fund: payout.fundName }),
      okText: t('payouts.approve'),
      cancelText: t('common:actions.cancel'),
      okButtonProps: { 'data-testid': 'confirm-approve' },
      onOk: () => run('approve'),
    });

  const reject = () => {
    let note = '';
    modal.confirm({
      title: t('payouts.rejectTitle'),
      content: (
        <Input.TextArea
          rows={2}
          maxLength={200}
          placeholder={t('payouts.notePlaceholder')}
          onChange={(e) => {
            note = e.target.value;
          }}
        />
      ),
      okText: t('payouts.reject'),
      okButtonProps: { danger: true },
      cancelText: t('common:actions.cancel'),
      onOk: () => run('reject', note),
    });
  };

  const buttons = (
    <Space size={4} onClick={(e) => e.stopPropagation()}>
      <Button
        size={size}
        type="primary"
        icon={<CheckOutlined />}
        disabled={isOwn}
        loading={decide.isPending}
        onClick={approve}
        data-testid="payout-approve"
      >
        {t('payouts.approve')}
      </Button>
      <Button size={size} danger icon={<CloseOutlined />} disabled={isOwn} onClick={reject} data-testid="payout-reject">
        {t('payouts.reject')}
      </Button>
    </Space>
  );
  return isOwn ? <Tooltip title={t('payouts.ownRequest')}>{buttons}</Tooltip> : buttons;
}
