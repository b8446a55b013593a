// 申请退款/更正: a refund or correction of a whole, unspent gift, with a public reason code, a private note and optional
// evidence; a second person approves. A gift already spent or moved cannot be reversed: the dialog says so before the
// server would refuse (DONATION_NOT_REFUNDABLE), and shows the server's refusal the same way.
import { Alert, App, Form, Input, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type DonationView,
  type ReversalView,
  reversalKindValues,
  reversalReasonValues,
} from '../../../../../server/src/modules/donations/donations.schemas';
import { type ApiError, isApiError } from '../../../app/api-client';
import { EvidenceUpload } from '../../../components/evidence-upload';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { formatFen } from '../../../lib/money';
import { useRequestReversal } from '../api';

type Values = {
  kind: ReversalView['kind'];
  reasonCode?: ReversalView['reasonCode'];
  note?: string;
  evidenceFileId?: string;
};

type Props = { donation: DonationView | null; onClose: () => void };

export function ReversalRequestModal({ donation, onClose }: Props) {
  return donation ? <ReversalRequestDialog donation={donation} onClose={onClose} /> : null;
}

/** Why a gift cannot be reversed, from the gift itself or from the server's DONATION_NOT_REFUNDABLE details. */
function useRefusal(d: DonationView, serverError: ApiError | null): string | null {
  const { t } = useTranslation('donations');
  if (serverError) {
    if (typeof serverError.details?.reason === 'string') {
      return t('reversals.pendingExplain');
    }
    const unspent = typeof serverError.details?.unspentFen === 'number' ? serverError.details.unspentFen : d.unspentFen;
    return t('reversals.spentExplain', { spent: formatFen(d.amountFen - unspent), unspent: formatFen(unspent) });
  }
  if (d.isRefunded) {
    return t('reversals.refundedExplain');
  }
  if (d.unspentFen !== d.amountFen) {
    return t('reversals.spentExplain', {
      spent: formatFen(d.amountFen - d.unspentFen),
      unspent: formatFen(d.unspentFen),
    });
  }
  return null;
}

function ReversalRequestDialog({ donation: d, onClose }: { donation: DonationView; onClose: () => void }) {
  const { t } = useTranslation(['donations', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const request = useRequestReversal();
  const [refused, setRefused] = useState<ApiError | null>(null);
  const refusal = useRefusal(d, refused);
  const kind = Form.useWatch('kind', form) ?? 'refund';

  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      await request.mutateAsync({
        donationId: d.id,
        input: {
          kind: v.kind,
          reasonCode: v.reasonCode!,
          note: v.note!.trim(),
          evidenceFileId: v.evidenceFileId,
        },
      });
      message.success(t('reversals.submitted', { kind: t(`reversals.kinds.${v.kind}`) }));
      onClose();
    } catch (e) {
      if (isApiError(e) && e.code === 'DONATION_NOT_REFUNDABLE') {
        setRefused(e);
        return;
      }
      if (!showErrorOnFields(form, e)) {
        message.error(isApiError(e) ? e.message : String(e));
      }
    }
  };

  return (
    <Modal
      open
      title={t('reversals.modalTitle', { no: d.donationNo })}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={request.isPending}
      okText={t('common:actions.submit')}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ disabled: refusal !== null, 'data-testid': 'reversal-submit' }}
      width={600}
      destroyOnHidden
    >
      {refusal ? (
        <Alert
          type="error"
          showIcon
          title={refused?.message ?? t('reversals.notRefundable')}
          description={refusal}
          style={{ marginBottom: 16 }}
          data-testid="reversal-refused"
        />
      ) : (
        <Alert
          type="warning"
          showIcon
          title={t('reversals.wholeGift', { amount: formatFen(d.amountFen) })}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'refund' }}
        disabled={refusal !== null}
        data-testid="reversal-form"
      >
        <Form.Item name="kind" label={t('reversals.kind')} extra={t(`reversals.kindHints.${kind}`)}>
          <Radio.Group
            optionType="button"
            options={reversalKindValues.map((k) => ({ value: k, label: t(`reversals.kinds.${k}`) }))}
            data-testid="reversal-kind"
          />
        </Form.Item>
        <Form.Item
          name="reasonCode"
          label={t('reversals.reason')}
          rules={[{ required: true, message: t('common:form.choose') }]}
        >
          <Select
            placeholder={t('common:form.choose')}
            options={reversalReasonValues.map((r) => ({ value: r, label: t(`reversals.reasons.${r}`) }))}
            data-testid="reversal-reason"
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('reversals.note')}
          extra={t('reversals.noteHint')}
          rules={[
            { required: true, whitespace: true, message: t('common:form.required') },
            { min: 2, max: 500 },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            placeholder={t('reversals.notePlaceholder')}
            data-testid="reversal-note"
          />
        </Form.Item>
        <Form.Item name="evidenceFileId" label={t('reversals.evidence')}>
          <EvidenceUpload hint={t('reversals.evidenceHint')} data-testid="reversal-evidence" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
