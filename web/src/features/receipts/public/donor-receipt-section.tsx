// 捐赠票据 on the trace page of the donor's own gift (this device holds its access token): the receipt's state, the
// request form (person or organisation, name, ID number or credit code checked in the browser first), and once
// issued each document with its PDF and a link to the public check. Without the token the section only says so.
import { FilePdfOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Form, Spin, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { showErrorOnFields } from '../../../components/server-errors';
import { formatDateTime } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import {
  type DonorDocument,
  type DonorReceiptStatus,
  donorPdfHref,
  useDonorReceipt,
  useRequestReceiptAsDonor,
} from '../api';
import { PayerForm, type PayerValues, toReceiptRequest } from '../components/payer-form';
import { type DonorState, donorMayAsk, donorState } from '../donor-state';
import { verifyPath } from '../verify-input';
import '../components/receipts.css';

const stateColors: Record<DonorState, string> = {
  not_requested: 'default',
  requested: 'processing',
  issued: 'success',
  refused: 'error',
  voided: 'warning',
  anonymous: 'default',
  waived: 'default',
};

function DocumentItem({ doc }: { doc: DonorDocument }) {
  const { t, i18n } = useTranslation('receipts');
  const navigate = useNavigate();
  const isVoid = doc.kind === 'void';
  return (
    <li className={`receipts-doc ${isVoid || doc.state === 'voided' ? 'is-void' : ''}`} data-testid="receipt-doc">
      <div className="receipts-doc-head">
        <Tag color={isVoid ? 'orange' : 'red'}>{t(`kinds.${doc.kind}`)}</Tag>
        <Tag color={doc.state === 'valid' ? 'success' : 'default'} data-testid="receipt-doc-state">
          {t(`states.${doc.state}`)}
        </Tag>
        <span className="receipts-doc-amount">{formatFen(doc.totalFen)}</span>
      </div>
      <div className="receipts-doc-number receipts-mono" data-testid="receipt-doc-number">
        {doc.receiptCode}-{doc.receiptNumber}
      </div>
      <div className="receipts-muted">
        {t('fields.checkCode')} <span className="receipts-mono">{doc.checkCode}</span> ·{' '}
        {formatDateTime(doc.issuedAt, i18n.language)}
      </div>
      <div className="receipts-muted">
        {t('fields.payer')} {doc.payerNameMasked} · <span className="receipts-mono">{doc.payerIdMasked}</span>
      </div>
      <div className="receipts-doc-actions">
        <Button icon={<FilePdfOutlined />} href={donorPdfHref(doc)} target="_blank" data-testid="receipt-pdf">
          {t('donor.download')}
        </Button>
        <Button
          icon={<SafetyCertificateOutlined />}
          onClick={() =>
            navigate(verifyPath({ code: doc.receiptCode, number: doc.receiptNumber, check: doc.checkCode }))
          }
          data-testid="receipt-verify-link"
        >
          {t('donor.verify')}
        </Button>
      </div>
    </li>
  );
}

function StateHint({ state, status }: { state: DonorState; status: DonorReceiptStatus }) {
  const { t, i18n } = useTranslation('receipts');
  const r = status.request;
  switch (state) {
    case 'requested':
      return (
        <>
          <p className="receipts-hint">{t('donor.requestedHint')}</p>
          {r && (
            <p className="receipts-muted" style={{ margin: 0 }} data-testid="receipt-request-summary">
              {t('donor.requestedBy', { name: r.payerNameMasked, id: r.payerIdMasked })}
              <br />
              {t('donor.requestedAt', { time: formatDateTime(r.requestedAt, i18n.language) })}
            </p>
          )}
        </>
      );
    case 'refused':
      return (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('donor.refusedHint', { reason: r?.refusalReason ?? '' })}
          data-testid="receipt-refusal"
        />
      );
    case 'voided':
      return <p className="receipts-hint">{t('donor.voidedHint')}</p>;
    case 'anonymous':
      return <p className="receipts-hint">{t('donor.anonymousHint')}</p>;
    case 'waived':
      return <p className="receipts-hint">{t('donor.waivedHint')}</p>;
    case 'not_requested':
      return <p className="receipts-hint">{t('donor.notRequestedHint')}</p>;
    case 'issued':
      return null;
  }
}

function RequestForm({ donationNo, token, again }: { donationNo: string; token: string; again: boolean }) {
  const { t } = useTranslation('receipts');
  const [form] = Form.useForm<PayerValues>();
  const ask = useRequestReceiptAsDonor(donationNo, token);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setError(null);
    let values: PayerValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    try {
      await ask.mutateAsync(toReceiptRequest(values));
    } catch (e) {
      // A refused ID or an unprintable name goes next to its field; anything else (already asked, refunded) on top.
      if (!showErrorOnFields(form, e)) {
        setError(isApiError(e) ? e.message : String(e));
      }
    }
  };

  return (
    <div className="receipts-form" data-testid="receipt-form">
      <PayerForm form={form} size="large" disabled={ask.isPending} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="receipt-error" />}
      <Button
        type="primary"
        size="large"
        shape="round"
        block
        loading={ask.isPending}
        onClick={() => void submit()}
        data-testid="receipt-submit"
      >
        {again ? t('donor.askAgain') : t('donor.submit')}
      </Button>
      <p className="receipts-muted" style={{ margin: '10px 0 0' }}>
        {t('donor.privacy')}
      </p>
    </div>
  );
}

export function DonorReceiptSection({
  donationNo,
  token,
  isRefunded,
}: {
  donationNo: string;
  token: string | undefined;
  isRefunded: boolean;
}) {
  const { t } = useTranslation('receipts');
  const status = useDonorReceipt(donationNo, token);
  const [asking, setAsking] = useState(false);
  const s = status.data;
  const state = s ? donorState(s) : null;
  // A waiver is the donor's own earlier choice: the form opens only when they ask for it.
  const showForm = Boolean(token && state && donorMayAsk(state, isRefunded) && (state !== 'waived' || asking));

  return (
    <section className="receipts-card" data-testid="receipt-section" data-state={state ?? ''}>
      <h2>
        {t('donor.title')}
        {state && (
          <Tag color={stateColors[state]} style={{ marginInlineEnd: 0 }} data-testid="receipt-state">
            {t(`donorStates.${state}`)}
          </Tag>
        )}
      </h2>
      <p className="receipts-muted" style={{ marginTop: 0 }}>
        {t('donor.intro')}
      </p>
      {!token && <Alert type="info" showIcon title={t('donor.noToken')} data-testid="receipt-no-token" />}
      {token && status.isLoading && <Spin style={{ display: 'block', margin: '12px auto' }} />}
      {status.error && <Alert type="error" showIcon title={status.error.message} />}
      {s && state && (
        <>
          {isRefunded && state !== 'issued' ? (
            <p className="receipts-hint">{t('donor.refunded')}</p>
          ) : (
            <StateHint state={state} status={s} />
          )}
          {state === 'waived' && !asking && donorMayAsk(state, isRefunded) && (
            <Button block size="large" shape="round" onClick={() => setAsking(true)} data-testid="receipt-ask">
              {t('donor.ask')}
            </Button>
          )}
          {showForm && token && (
            <RequestForm donationNo={donationNo} token={token} again={state === 'refused' || state === 'voided'} />
          )}
          {s.documents.length > 0 && (
            <ul className="receipts-docs" data-testid="receipt-docs">
              {/* Newest first: the current receipt on top, the reversed ones below it. */}
              {[...s.documents].reverse().map((d) => (
                <DocumentItem key={d.id} doc={d} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
