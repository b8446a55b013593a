// Approve or reject a pending request decided by a second person (a refund or correction, a fund transfer): a confirm
// that says what approval does, an optional note on rejection. The requester's own buttons are disabled with the
// reason (the server refuses them with SAME_USER_APPROVAL anyway); server errors are shown as they come.
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { App, Button, Input, Space, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useCan, useMe } from '../../../app/session';

export type DecisionText = {
  approveTitle: string;
  approveContent: ReactNode;
  rejectTitle: string;
  approved: string;
  rejected: string;
};

type Props = {
  request: { status: string; requestedBy: string };
  decide: (decision: 'approve' | 'reject', note?: string) => Promise<unknown>;
  isPending: boolean;
  text: DecisionText;
  size?: 'small' | 'middle';
  testId: string;
};

export function ApprovalButtons({ request, decide, isPending, text, size, testId }: Props) {
  const { t } = useTranslation(['donations', 'common']);
  const { modal, message } = App.useApp();
  const can = useCan();
  const { data: me } = useMe();
  if (request.status !== 'pending' || !can('funds:approve')) {
    return null;
  }
  const isOwn = !!me?.userId && request.requestedBy === me.userId;

  const run = async (decision: 'approve' | 'reject', note?: string) => {
    try {
      await decide(decision, note?.trim() || undefined);
      message.success(decision === 'approve' ? text.approved : text.rejected);
    } catch (e) {
      modal.error({ title: isApiError(e) ? e.message : String(e), okText: t('common:actions.close') });
    }
  };

  const approve = () =>
    modal.confirm({
      title: text.approveTitle,
      content: text.approveContent,
      okText: t('reversals.approve'),
      cancelText: t('common:actions.cancel'),
      okButtonProps: { 'data-testid': `${testId}-confirm-approve` },
      onOk: () => run('approve'),
    });

  const reject = () => {
    let note = '';
    modal.confirm({
      title: text.rejectTitle,
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
      okText: t('reversals.reject'),
      okButtonProps: { danger: true, 'data-testid': `${testId}-confirm-reject` },
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
        loading={isPending}
        onClick={approve}
        data-testid={`${testId}-approve`}
      >
        {t('reversals.approve')}
      </Button>
      <Button
        size={size}
        danger
        icon={<CloseOutlined />}
        disabled={isOwn}
        onClick={reject}
        data-testid={`${testId}-reject`}
      >
        {t('reversals.reject')}
      </Button>
    </Space>
  );
  return isOwn ? (
    <Tooltip title={t('reversals.ownRequest')}>
      <div data-testid={`${testId}-own`}>
        {buttons}
        <div className="muted" style={{ fontSize: 12, marginTop: 2 }}>
          {t('reversals.ownShort')}
        </div>
      </div>
    </Tooltip>
  ) : (
    buttons
  );
}
