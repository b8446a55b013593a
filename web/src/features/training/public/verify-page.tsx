// Public certificate verification. /certificates/verify: anyone enters a number. /certificates/v/:certNo?c=…: the QR
// code on a certificate opens this page, which asks at once. A number alone shows only the status and the dates;
// the QR link's code also shows the masked name, course and issuing unit. An unknown number says so and nothing more.
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, QuestionCircleFilled } from '@ant-design/icons';
import { Alert, Button, Input, Spin } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { PublicShell } from '../../../components/public-shell';
import { type CertificateVerification, useVerifyCertificate } from '../certificates-api';
import './certificates.css';

const numberPattern = /^[A-Za-z0-9-]{1,40}$/;

function Verdict({ v }: { v: CertificateVerification }) {
  const { t } = useTranslation('trainingCerts');
  const icons: Record<CertificateVerification['status'], ReactNode> = {
    valid: <CheckCircleFilled />,
    expired: <ExclamationCircleFilled />,
    revoked: <CloseCircleFilled />,
  };
  return (
    <section className="tc-card" data-testid="verify-result" data-status={v.status}>
      <div className={`tc-verdict is-${v.status}`} data-testid="verify-verdict">
        {icons[v.status]}
        {t(`verify.status.${v.status}`)}
      </div>
      <dl className="tc-facts">
        <dt>{t('fields.certNo')}</dt>
        <dd className="tc-mono">{v.certNo}</dd>
        {v.isCodeVerified && (
          <>
            <dt>{t('fields.holder')}</dt>
            <dd data-testid="verify-holder">{v.holderNameMasked}</dd>
            <dt>{t('fields.title')}</dt>
            <dd>{v.title}</dd>
            <dt>{t('fields.course')}</dt>
            <dd>{v.courseName}</dd>
            <dt>{t('fields.unit')}</dt>
            <dd>{v.unitName}</dd>
          </>
        )}
        <dt>{t('fields.issuedOn')}</dt>
        <dd>{v.issuedOn}</dd>
        <dt>{t('fields.validUntil')}</dt>
        <dd>{v.validUntil}</dd>
        {v.revokeCategory && (
          <>
            <dt>{t('fields.revokeCategory')}</dt>
            <dd>{t(`revokeCategories.${v.revokeCategory}`)}</dd>
          </>
        )}
      </dl>
      <p className="tc-muted" style={{ margin: '14px 0 0' }}>
        {v.isCodeVerified ? t('verify.privacyFull') : t('verify.privacyNumberOnly')}
      </p>
    </section>
  );
}

export function CertificateVerifyPage() {
  const { t } = useTranslation('trainingCerts');
  const params = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const asked = params.certNo && numberPattern.test(params.certNo) ? params.certNo.toUpperCase() : null;
  const code = (search.get('c') ?? '').replace(/[^A-Za-z0-9]/g, '').slice(0, 40);
  const [typed, setTyped] = useState(asked ?? '');
  const [problem, setProblem] = useState(false);
  const result = useVerifyCertificate(asked, code);
  const notFound = isApiError(result.error) && result.error.code === 'CERTIFICATE_NOT_FOUND';

  const submit = () => {
    const no = typed.trim().toUpperCase();
    if (!numberPattern.test(no)) {
      setProblem(true);
      return;
    }
    setProblem(false);
    navigate(`/certificates/v/${encodeURIComponent(no)}`);
  };

  return (
    <PublicShell>
      <div className="tc-page" data-testid="certificate-verify-page">
        <h1 className="tc-title">{t('verify.title')}</h1>
        {!asked || !code ? (
          <section className="tc-card">
            <p className="tc-hint">{t('verify.intro')}</p>
            <label htmlFor="cert-no" className="tc-muted" style={{ display: 'block', marginBottom: 6 }}>
              {t('fields.certNo')}
            </label>
            <Input
              id="cert-no"
              size="large"
              className="tc-mono"
              autoComplete="off"
              spellCheck={false}
              maxLength={40}
              placeholder="JH330681-2026-000123"
              value={typed}
              status={problem ? 'error' : undefined}
              onChange={(e) => setTyped(e.target.value)}
              onPressEnter={submit}
              style={{ fontSize: 16 }}
              data-testid="verify-number"
            />
            {problem && <div style={{ color: '#c8102e', fontSize: 13, marginTop: 6 }}>{t('verify.badNumber')}</div>}
            <Button
              type="primary"
              size="large"
              shape="round"
              block
              style={{ marginTop: 16 }}
              onClick={submit}
              loading={result.isLoading}
              data-testid="verify-submit"
            >
              {t('verify.submit')}
            </Button>
          </section>
        ) : null}
        {result.isLoading && <Spin style={{ display: 'block', margin: '12px auto' }} />}
        {notFound && (
          <section className="tc-card" data-testid="verify-result" data-status="unknown">
            <div className="tc-verdict is-unknown">
              <QuestionCircleFilled />
              {t('verify.status.unknown')}
            </div>
            <p className="tc-hint" style={{ margin: '12px 0 0' }}>
              {t('verify.unknownHint')}
            </p>
          </section>
        )}
        {result.error && !notFound && <Alert type="error" showIcon title={result.error.message} />}
        {result.data && <Verdict v={result.data} />}
        {asked && code && (
          <Button type="link" onClick={() => navigate('/certificates/verify')}>
            {t('verify.another')}
          </Button>
        )}
      </div>
    </PublicShell>
  );
}
