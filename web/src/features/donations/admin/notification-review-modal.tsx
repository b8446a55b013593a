// 标记已处理: a flagged payment notification is closed with a required note saying how it was dealt with (refunded,
// recorded by hand, a provider test…); the note, who and when go into the audit log.
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { type PaymentNotification, useReviewNotification } from '../api';

type Props = { notification: PaymentNotification | null; onClose: () => void };

export function NotificationReviewModal({ notification, onClose }: Props) {
  return notification ? <ReviewDialog notification={notification} onClose={onClose} /> : null;
}

function ReviewDialog({ notification: n, onClose }: { notification: PaymentNotification; onClose: () => void }) {
  const { t } = useTranslation(['donations', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const review = useReviewNotification();

  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      await review.mutateAsync({ id: n.id, note: v.note!.trim() });
      message.success(t('alertReview.done'));
      onClose();
    } catch (e) {
      if (!showErrorOnFields(form, e)) {
        message.error(isApiError(e) ? e.message : String(e));
      }
    }
  };

  return (
    <Modal
      open
      title={t('alertReview.title')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={review.isPending}
      okText={t('alertReview.action')}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ 'data-testid': 'alert-review-submit' }}
      destroyOnHidden
    >
      <p className="muted" style={{ marginTop: 0 }}>
        {t(`verdicts.${n.verdict as 'forged'}`, { defaultValue: n.verdict })}
        {n.orderNo ? ` · ${n.orderNo}` : ''}
      </p>
      <Form form={form} layout="vertical" data-testid="alert-review-form">
        <Form.Item
          name="note"
          label={t('alertReview.note')}
          extra={t('alertReview.noteHint')}
          rules={[
            { required: true, whitespace: true, message: t('common:form.required') },
            { min: 2, max: 500 },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            placeholder={t('alertReview.notePlaceholder')}
            data-testid="alert-review-note"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
