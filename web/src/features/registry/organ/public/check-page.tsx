// /registry/check/:code: what the registration card's QR opens — only the masked name, the kind and the status.
import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PublicShell } from '../../../../components/public-shell';
import { useRegistrationCheck } from '../api';
import '../components/organ.css';

export function RegistrationCheckPage() {
  const { t } = useTranslation('organ');
  const { code } = useParams();
  const check = useRegistrationCheck(code);
  return (
    <PublicShell>
      <div className="organ-page">
        <h1 className="organ-title">{t('check.title')}</h1>
        {check.isLoading ? (
          <Spin />
        ) : check.data ? (
          <Result
            status={check.data.status === 'withdrawn' ? 'warning' : 'success'}
            title={`${check.data.name} · ${t(`kind.${check.data.kind}`)}`}
            subTitle={`${t(`status.${check.data.status}`)} · ${check.data.regNo} · ${check.data.orgName} · ${check.data.registeredOn}`}
            data-testid="check-result"
          />
        ) : (
          <Result status="404" title={t('check.notFound')} />
        )}
      </div>
    </PublicShell>
  );
}
