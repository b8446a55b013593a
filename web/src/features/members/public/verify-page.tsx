// /members/verify/:token — what anyone scanning a member card's QR code sees: valid or not, masked name, number, unit,
// kind and how far the dues are paid. A replaced card's code says it is no longer valid.
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import { Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PublicShell } from '../../../components/public-shell';
import { useVerifyCard } from '../api';
import '../members.css';

export function MemberVerifyPage() {
  const { t } = useTranslation('members');
  const { token = '' } = useParams();
  const check = useVerifyCard(token);
  if (check.isLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', margin: 40 }} />
      </PublicShell>
    );
  }
  const v = check.data;
  if (!v) {
    return (
      <PublicShell>
        <Result
          status="error"
          icon={<CloseCircleFilled />}
          title={t('verify.unknown')}
          subTitle={t('verify.unknownHint')}
          data-testid="member-verify-unknown"
        />
      </PublicShell>
    );
  }
  const kind = [t(`category.${v.category}`), v.tier === 'ordinary' ? '' : t(`tier.${v.tier}`)]
    .filter(Boolean)
    .join(' · ');
  return (
    <PublicShell>
      <div className="mem-page" data-testid="member-verify-page">
        <h1 className="mem-title">{t('verify.title')}</h1>
        <div className="mem-box">
          <div className="mem-verify-mark" style={{ color: v.isValid ? '#389e0d' : '#d48806' }}>
            {v.isValid ? <CheckCircleFilled /> : <ExclamationCircleFilled />}
          </div>
          <h2 style={{ textAlign: 'center', margin: '4px 0 12px' }} data-testid="member-verify-result">
            {v.isValid ? t('verify.valid') : t('verify.invalid')}
          </h2>
          <div className="mem-row">
            <span>{t('verify.name')}</span>
            <b>{v.maskedName}</b>
          </div>
          <div className="mem-row">
            <span>{t('mine.memberNo')}</span>
            <span>{v.memberNo}</span>
          </div>
          <div className="mem-row">
            <span>{t('mine.unit')}</span>
            <span>{v.orgName}</span>
          </div>
          <div className="mem-row">
            <span>{t('mine.kind')}</span>
            <span>{kind}</span>
          </div>
          <div className="mem-row">
            <span>{t('admin.columns.status')}</span>
            <span>{t(`status.${v.status}`)}</span>
          </div>
          <div className="mem-row">
            <span>{t('mine.joinedOn')}</span>
            <span>{v.joinedOn}</span>
          </div>
          <div className="mem-row">
            <span>{t('mine.paidThrough')}</span>
            <span>{v.paidThroughYear ? t('mine.paidYear', { year: v.paidThroughYear }) : t('mine.notPaid')}</span>
          </div>
        </div>
      </div>
    </PublicShell>
  );
}
