// /v/certificates/:code: what a certificate's QR opens — the masked name, the period and the certified hours.
import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PublicShell } from '../../../components/public-shell';
import { useVerifyCertificate } from '../api';

export function VolunteerCertificateVerifyPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation('volunteers');
  const cert = useVerifyCertificate(code);
  return (
    <PublicShell>
      {cert.isLoading ? <Spin style={{ display: 'block', marginTop: 64 }} /> : null}
      {cert.data ? (
        <Result
          status="success"
          title={t('public.verifyOk')}
          subTitle={t('public.verifyBody', {
            name: cert.data.nameMasked,
            no: cert.data.volunteerNo ?? '',
            from: cert.data.fromDate,
            to: cert.data.toDate,
            org: cert.data.orgName,
            n: cert.data.activityCount,
            h: (cert.data.minutes / 60).toFixed(1),
          })}
          extra={<div className="vol-muted">{cert.data.code}</div>}
        />
      ) : null}
      {cert.isError ? <Result status="warning" title={t('public.verifyMissing')} subTitle={code} /> : null}
    </PublicShell>
  );
}
