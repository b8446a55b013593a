// Finance's decisions on a receipt: issue a request (reviewer, cashier, notes), refuse it with a reason the donor
// sees, reverse (冲红) an issued receipt, enter a request for the donor, and record a waiver. Each dialog shows the
// server's refusal next to the field it concerns, or at the top.
import { Alert, App, Descriptions, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { useMe } from '../../../app/session';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { formatFen } from '../../../lib/money';
import {
  type FiscalReceiptView,
  type ReceiptRequestView,
  useIssueReceipt,
  useRecordWaiver,
  useRefuseRequest,
  useRequestReceiptForDonor,
  useVoidReceipt,
} from '../api';
import { useIdTypeLabel } from '../components/labels';
import { PayerForm, type PayerValues, toReceiptRequest } from '../components/payer-form';

function errorText(e: unknown): string {
  return isApiError(e) ? e.message : String(e);
}

function RequestSummary({ r }: { r: ReceiptRequestView }) {
  const { t } = useTranslation('receipts');
  const idTypeLabel = useIdTypeLabel();
  return (
    <Descriptions column={1} size="small" bordered style={{ marginBottom: 16 }}>
      <Descriptions.Item label={t('fields.donationNo')}>
        <span className="mono">{r.donationNo}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('fields.amount')}>{formatFen(r.amountFen)}</Descriptions.Item>
      <Descriptions.Item label={t('fields.payerName')}>{r.payerName}</Descriptions.Item>
      <Descriptions.Item label={idTypeLabel(r.payerIdType)}>
        <span className="mono">{r.payerIdMasked}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('fields.org')}>{r.orgName}</Descriptions.Item>
    </Descriptions>
  );
}

type IssueValues = { reviewer: string; cashier: string; notes?: string };

/** Issues the receipt a request asks for; `onIssued` gets the new document (the caller shows its number and PDF). */
export function IssueModal(props: {
  request: ReceiptRequestView | null;
  onClose: () => void;
  onIssued: (receipt: FiscalReceiptView) => void;
}) {
  return props.request ? <IssueDialog {...props} request={props.request} /> : null;
}

function IssueDialog({
  request,
  onClose,
  onIssued,
}: {
  request: ReceiptRequestView;
  onClose: () => void;
  onIssued: (receipt: FiscalReceiptView) => void;
}) {
  const { t } = useTranslation(['receipts', 'common']);
  const { message } = App.useApp();
  const me = useMe().data;
  const [form] = Form.useForm<IssueValues>();
  const issue = useIssueReceipt();
  const [error, setError] = useState<string | null>(null);
  const onOk = async () => {
    setError(null);
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      const receipt = await issue.mutateAsync({
        requestId: request.id,
        input: { reviewer: v.reviewer.trim(), cashier: v.cashier.trim(), notes: v.notes?.trim() || undefined },
      });
      message.success(
        `${t('issue.done')} · ${t('issue.doneNumber', { code: receipt.receiptCode, number: receipt.receiptNumber })}`,
      );
      onIssued(receipt);
    } catch (e) {
      if (!showErrorOnFields(form, e)) {
        setError(errorText(e));
      }
    }
  };
  return (
    <Modal
      open
      title={t('issue.title')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={issue.isPending}
      okText={t('issue.submit')}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ 'data-testid': 'issue-submit' }}
      width={560}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('issue.intro')} style={{ marginBottom: 16 }} />
      <RequestSummary r={request} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="issue-error" />}
      <Form<IssueValues> form={form} layout="vertical" initialValues={{ cashier: me?.displayName?.slice(0, 20) }}>
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item
            name="reviewer"
            label={t('fields.reviewer')}
            style={{ flex: 1 }}
            rules={[{ required: true, whitespace: true, message: t('issue.reviewerRequired') }, { max: 20 }]}
          >
            <Input maxLength={20} data-testid="issue-reviewer" />
          </Form.Item>
          <Form.Item
            name="cashier"
            label={t('fields.cashier')}
            style={{ flex: 1 }}
            rules={[{ required: true, whitespace: true, message: t('issue.cashierRequired') }, { max: 20 }]}
          >
            <Input maxLength={20} data-testid="issue-cashier" />
          </Form.Item>
        </div>
        <Form.Item name="notes" label={t('fields.notes')} rules={[{ max: 200 }]}>
          <Input.TextArea rows={2} maxLength={200} placeholder={t('issue.notesPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RefuseModal(props: { request: ReceiptRequestView | null; onClose: () => void }) {
  return props.request ? <RefuseDialog {...props} request={props.request} /> : null;
}

function RefuseDialog({ request, onClose }: { request: ReceiptRequestView; onClose: () => void }) {
  const { t } = useTranslation(['receipts', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const refuse = useRefuseRequest();
  const [error, setError] = useState<string | null>(null);
  const onOk = async () => {
    setError(null);
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      await refuse.mutateAsync({ requestId: request.id, input: { reason: v.reason.trim() } });
      message.success(t('refuse.done'));
      onClose();
    } catch (e) {
      if (!showErrorOnFields(form, e)) {
        setError(errorText(e));
      }
    }
  };
  return (
    <Modal
      open
      title={t('refuse.title')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={refuse.isPending}
      okText={t('refuse.submit')}
      okButtonProps={{ danger: true, 'data-testid': 'refuse-submit' }}
      cancelText={t('common:actions.cancel')}
      width={560}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('refuse.intro')} style={{ marginBottom: 16 }} />
      <RequestSummary r={request} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('refuse.reason')}
          rules={[{ required: true, whitespace: true, message: t('refuse.reasonRequired') }, { max: 200 }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={200}
            placeholder={t('refuse.reasonPlaceholder')}
            data-testid="refuse-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type VoidValues = { reason: string; reviewer?: string; cashier?: string };

/** Reverses an original receipt; `onVoided` gets the new reversal (the caller shows both documents linked). */
export function VoidModal(props: {
  receipt: FiscalReceiptView | null;
  onClose: () => void;
  onVoided: (reversal: FiscalReceiptView) => void;
}) {
  return props.receipt ? <VoidDialog {...props} receipt={props.receipt} /> : null;
}

function VoidDialog({
  receipt,
  onClose,
  onVoided,
}: {
  receipt: FiscalReceiptView;
  onClose: () => void;
  onVoided: (reversal: FiscalReceiptView) => void;
}) {
  const { t } = useTranslation(['receipts', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<VoidValues>();
  const reverse = useVoidReceipt();
  const [error, setError] = useState<string | null>(null);
  const onOk = async () => {
    setError(null);
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      const reversal = await reverse.mutateAsync({
        receiptId: receipt.id,
        input: {
          reason: v.reason.trim(),
          reviewer: v.reviewer?.trim() || undefined,
          cashier: v.cashier?.trim() || undefined,
        },
      });
      message.success(t('void.done', { receipt: `${reversal.receiptCode}-${reversal.receiptNumber}` }));
      onVoided(reversal);
    } catch (e) {
      if (!showErrorOnFields(form, e)) {
        setError(errorText(e));
      }
    }
  };
  return (
    <Modal
      open
      title={`${t('void.title')} · ${receipt.receiptCode}-${receipt.receiptNumber}`}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={reverse.isPending}
      okText={t('void.submit')}
      okButtonProps={{ danger: true, 'data-testid': 'void-submit' }}
      cancelText={t('common:actions.cancel')}
      width={560}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('void.intro')} style={{ marginBottom: 16 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form<VoidValues> form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('void.reason')}
          rules={[{ required: true, whitespace: true, message: t('void.reasonRequired') }, { max: 200 }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={200}
            placeholder={t('void.reasonPlaceholder')}
            data-testid="void-reason"
          />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item name="reviewer" label={t('fields.reviewer')} style={{ flex: 1 }} rules={[{ max: 20 }]}>
            <Input maxLength={20} placeholder={t('void.reviewerHint')} />
          </Form.Item>
          <Form.Item name="cashier" label={t('fields.cashier')} style={{ flex: 1 }} rules={[{ max: 20 }]}>
            <Input maxLength={20} placeholder={t('void.reviewerHint')} />
          </Form.Item>
        </div>
      </Form>
    </Modal>
  );
}

/** Staff enter a request for the donor (in person, by phone, or for an anonymous gift once the donor names themself). */
export function StaffRequestModal(props: { donationId: string | null; onClose: () => void }) {
  return props.donationId ? <StaffRequestDialog {...props} donationId={props.donationId} /> : null;
}

function StaffRequestDialog({ donationId, onClose }: { donationId: string; onClose: () => void }) {
  const { t } = useTranslation(['receipts', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<PayerValues>();
  const ask = useRequestReceiptForDonor();
  const [error, setError] = useState<string | null>(null);
  const onOk = async () => {
    setError(null);
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      await ask.mutateAsync({ donationId, input: toReceiptRequest(v) });
      message.success(t('gift.requested'));
      onClose();
    } catch (e) {
      if (!showErrorOnFields(form, e)) {
        setError(errorText(e));
      }
    }
  };
  return (
    <Modal
      open
      title={t('gift.requestForDonorTitle')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={ask.isPending}
      okText={t('common:actions.submit')}
      okButtonProps={{ 'data-testid': 'staff-request-submit' }}
      cancelText={t('common:actions.cancel')}
      width={520}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('gift.requestForDonorIntro')} style={{ marginBottom: 16 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <PayerForm form={form} />
    </Modal>
  );
}

export function WaiverModal(props: { donationId: string | null; onClose: () => void }) {
  return props.donationId ? <WaiverDialog {...props} donationId={props.donationId} /> : null;
}

function WaiverDialog({ donationId, onClose }: { donationId: string; onClose: () => void }) {
  const { t } = useTranslation(['receipts', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ note?: string }>();
  const waive = useRecordWaiver();
  const [error, setError] = useState<string | null>(null);
  const onOk = async () => {
    setError(null);
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      await waive.mutateAsync({ donationId, note: v.note?.trim() || undefined });
      message.success(t('gift.waived'));
      onClose();
    } catch (e) {
      if (!showErrorOnFields(form, e)) {
        setError(errorText(e));
      }
    }
  };
  return (
    <Modal
      open
      title={t('gift.waiveTitle')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={waive.isPending}
      okText={t('common:actions.confirm')}
      okButtonProps={{ 'data-testid': 'waiver-submit' }}
      cancelText={t('common:actions.cancel')}
      width={520}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('gift.waiveIntro')} style={{ marginBottom: 16 }} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical">
        <Form.Item name="note" label={t('gift.waiveNote')} rules={[{ max: 200 }]}>
          <Input.TextArea rows={2} maxLength={200} placeholder={t('gift.waiveNotePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
