// /receipts/verify?code=&number=&check=: anyone checks a printed donation receipt — genuine and valid, voided (with its
// reversal's number), or unknown. The QR code on a receipt opens this page with the three values filled in, and the
// page asks at once. The answer never names the payer.
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Alert, Button, Input, Spin } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PublicShell } from '../../../components/public-shell';
import { formatFen } from '../../../lib/money';
import { type ReceiptVerification, useVerifyReceipt } from '../api';
import {
  normaliseVerifyFields,
  type VerifyFields,
  type VerifyProblem,
  verifyFieldsFromQuery,
  verifyProblems,
} from '../verify-input';
import '../components/receipts.css';

function Verdict({ v }: { v: ReceiptVerification }) {
  const { t } = useTranslation('receipts');
  const isReversal = v.status === 'valid' && v.kind === 'void';
  const view: Record<ReceiptVerification['status'], { icon: ReactNode; title: string; hint: string }> = {
    valid: {
      icon: <CheckCircleFilled />,
      title: isReversal ? t('verify.reversal') : t('verify.valid'),
      hint: isReversal ? t('verify.reversalHint') : t('verify.validHint'),
    },
    voided: {
      icon: <ExclamationCircleFilled />,
      title: t('verify.voided'),
      hint: t('verify.voidedHint', { by: v.voidedBy ?? '' }),
    },
    unknown: { icon: <CloseCircleFilled />, title: t('verify.unknown'), hint: t('verify.unknownHint') },
  };
  const shown = view[v.status];
  return (
    <section className="receipts-card" data-testid="verify-result" data-status={v.status}>
      <div className={`receipts-verdict is-${v.status}`} data-testid="verify-verdict">
        {shown.icon}
        {shown.title}
      </div>
      <p className="receipts-hint" style={{ marginBottom: 0 }}>
        {shown.hint}
      </p>
      {v.status !== 'unknown' && (
        <>
          <dl className="receipts-facts" data-testid="verify-facts">
            <dt>{t('fields.receiptCode')}</dt>
            <dd className="receipts-mono">{v.receiptCode}</dd>
            <dt>{t('fields.receiptNumber')}</dt>
            <dd className="receipts-mono">{v.receiptNumber}</dd>
            <dt>{t('fields.kind')}</dt>
            <dd>{v.kind ? t(`kinds.${v.kind}`) : ''}</dd>
            <dt>{t('fields.issuedOn')}</dt>
            <dd>{v.issuedOn}</dd>
            <dt>{t('fields.total')}</dt>
            <dd data-testid="verify-total">{v.totalFen === null ? '' : formatFen(v.totalFen)}</dd>
            <dt>{t('fields.payee')}</dt>
            <dd>{v.payeeName}</dd>
            {v.voidedBy && (
              <>
                <dt>{t('detail.voidedBy')}</dt>
                <dd className="receipts-mono">{v.voidedBy}</dd>
              </>
            )}
          </dl>
          <p className="receipts-muted" style={{ margin: '12px 0 0' }}>
            {t('verify.privacy')}
          </p>
        </>
      )}
    </section>
  );
}

export function ReceiptVerifyPage() {
  const { t } = useTranslation('receipts');
  const [search, setSearch] = useSearchParams();
  const fromQuery = normaliseVerifyFields(verifyFieldsFromQuery(search));
  const [fields, setFields] = useState<VerifyFields>(fromQuery);
  const [problems, setProblems] = useState<VerifyProblem[]>([]);
  // What is asked is what the address says, so a scanned QR code asks at once and the back button works.
  const asked = verifyProblems(fromQuery).length === 0 ? fromQuery : null;
  const result = useVerifyReceipt(asked);

  const submit = () => {
    const f = normaliseVerifyFields(fields);
    setFields(f);
    const p = verifyProblems(f);
    setProblems(p);
    if (p.length === 0) {
      setSearch(new URLSearchParams({ code: f.code, number: f.number, check: f.check }), { replace: false });
    }
  };

  const field = (name: keyof VerifyFields, inputMode: 'numeric' | 'text', maxLength: number) => (
    <div className="receipts-field" style={{ marginTop: 14 }}>
      <label htmlFor={`verify-${name}`} className="receipts-muted" style={{ display: 'block', marginBottom: 6 }}>
        {t(`verify.${name}`)}
      </label>
      <Input
        id={`verify-${name}`}
        size="large"
        className="receipts-mono-input"
        inputMode={inputMode}
        maxLength={maxLength}
        autoComplete="off"
        spellCheck={false}
        placeholder={t(`verify.${name}Placeholder`)}
        value={fields[name]}
        status={problems.includes(name) ? 'error' : undefined}
        onChange={(e) => setFields((f) => ({ ...f, [name]: e.target.value }))}
        onPressEnter={submit}
        style={{ fontSize: 16 }}
        data-testid={`verify-${name}`}
      />
      {problems.includes(name) && (
        <div className="receipts-error" style={{ color: '#c8102e', fontSize: 13, marginTop: 6 }}>
          {t(`verify.problems.${name}`)}
        </div>
      )}
    </div>
  );

  return (
    <PublicShell>
      <div className="receipts-page" data-testid="verify-page">
        <h1 className="receipts-page-title">{t('verify.title')}</h1>
        <section className="receipts-card">
          <p className="receipts-hint">{t('verify.intro')}</p>
          {field('code', 'numeric', 19)}
          {field('number', 'numeric', 12)}
          {field('check', 'text', 20)}
          <Button
            type="primary"
            size="large"
            shape="round"
            block
            style={{ marginTop: 18 }}
            onClick={submit}
            loading={result.isLoading}
            data-testid="verify-submit"
          >
            {t('verify.submit')}
          </Button>
        </section>
        {result.isLoading && <Spin style={{ display: 'block', margin: '12px auto' }} />}
        {result.error && <Alert type="error" showIcon title={result.error.message} />}
        {result.data && <Verdict v={result.data} />}
      </div>
    </PublicShell>
  );
}
