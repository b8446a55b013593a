// /training/certificates/:id: the holder's own certificate (signed in by phone): the card, its state, the PDF and the
// verification link the QR code carries. Reached from 我的培训 (/training/mine) and from the SMS sent at issue.
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { PublicShell } from '../../../components/public-shell';
import { type MyCertificate, myCertificatePdfUrl, useMyCertificate } from '../certificates-api';
import './certificates.css';
import { chinaToday } from '../../../lib/china-time';

const statusColor: Record<MyCertificate['status'], string> = { valid: 'green', expired: 'orange', revoked: 'red' };

export function MyCertificatePage() {
  const { t } = useTranslation('trainingCerts');
  const { id = '' } = useParams();
  const cert = useMyCertificate(id);
  const next = `/training/certificates/${id}`;
  const needsLogin =
    isApiError(cert.error) && (cert.error.code === 'UNAUTHENTICATED' || cert.error.code === 'FORBIDDEN');
  return (
    <PublicShell>
      <div className="tc-page" data-testid="my-certificate-page">
        <h1 className="tc-title">{t('mine.title')}</h1>
        {cert.isLoading && <Spin style={{ display: 'block', margin: '24px auto' }} />}
        {needsLogin && (
          <Alert
            type="info"
            showIcon
            title={t('mine.signIn')}
            action={
              <Link to={`/login?next=${encodeURIComponent(next)}`}>
                <Button type="primary">{t('mine.signInButton')}</Button>
              </Link>
            }
          />
        )}
        {cert.error && !needsLogin && <Alert type="error" showIcon title={cert.error.message} />}
        {cert.data && (
          <>
            <section className="tc-cert" data-testid="my-certificate">
              <div style={{ textAlign: 'center', color: '#c8102e', fontSize: 13 }}>
                <SafetyCertificateOutlined /> {t('mine.issuer')}
              </div>
              <h2 className="tc-cert-title">{cert.data.title}</h2>
              <div style={{ textAlign: 'center' }}>
                <Tag color={statusColor[cert.data.status]}>{t(`verify.status.${cert.data.status}`)}</Tag>
              </div>
              <dl className="tc-facts">
                <dt>{t('fields.holder')}</dt>
                <dd>{cert.data.holderName}</dd>
                <dt>{t('fields.course')}</dt>
                <dd>{cert.data.courseName}</dd>
                <dt>{t('fields.certNo')}</dt>
                <dd className="tc-mono">{cert.data.certNo}</dd>
                <dt>{t('fields.unit')}</dt>
                <dd>{cert.data.unitName}</dd>
                <dt>{t('fields.issuedOn')}</dt>
                <dd>{cert.data.issuedOn}</dd>
                <dt>{t('fields.validUntil')}</dt>
                <dd>{cert.data.validUntil}</dd>
              </dl>
            </section>
            <Button
              type="primary"
              size="large"
              shape="round"
              block
              icon={<DownloadOutlined />}
              href={myCertificatePdfUrl(cert.data.id)}
              target="_blank"
              data-testid="my-certificate-pdf"
            >
              {t('mine.pdf')}
            </Button>
            <section className="tc-card">
              <p className="tc-hint" style={{ marginBottom: 6 }}>
                {t('mine.verifyHint')}
              </p>
              <a className="tc-mono" href={cert.data.verifyUrl} style={{ fontSize: 13 }}>
                {cert.data.verifyUrl}
              </a>
            </section>
            {cert.data.status !== 'valid' ||
            cert.data.validUntil <= chinaToday(new Date(Date.now() + 90 * 86_400_000)) ? (
              <Alert type="warning" showIcon title={t('mine.renew')} />
            ) : null}
          </>
        )}
      </div>
    </PublicShell>
  );
}
