// /registry/stem-cell/check/:code — what a certificate's QR code opens: the masked name and the status, nothing more.
import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PublicShell } from '../../../../components/public-shell';
import { useCheck } from '../api';
import '../components/stemcell.css';

export function StemCellCheckPage() {
  const { t } = useTranslation('stemcell');
  const { code = '' } = useParams();
  const check = useCheck(code);
  return (
    <PublicShell>
      <div className="sc-page">
        <h1 className="sc-title">{t('check.title')}</h1>
        {check.isLoading ? (
          <Spin style={{ display: 'block', marginTop: 48 }} />
        ) : check.data ? (
          <div className="sc-card" data-testid="stemcell-check">
            <div className="sc-status">{t(`status.${check.data.status}`)}</div>
            <dl className="sc-facts">
              <dt>{t('check.name')}</dt>
              <dd>{check.data.nameMasked}</dd>
              <dt>{t('check.no')}</dt>
              <dd>{check.data.registrationNo}</dd>
              <dt>{t('check.since')}</dt>
              <dd>{check.data.registeredOn}</dd>
              <dt>{t('check.unit')}</dt>
              <dd>{check.data.orgName}</dd>
            </dl>
            <p className="sc-muted">{t('check.note')}</p>
          </div>
        ) : (
          <Result status="warning" title={t('check.notFound')} />
        )}
      </div>
    </PublicShell>
  );
}
