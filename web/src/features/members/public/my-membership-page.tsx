// /my/membership — the citizen's membership on the phone: the member card with its QR code (shown to be verified),
// the PDF of the card, status, dues history with receipts, and asking for dues payment or a new card.
import { FilePdfOutlined, IdcardOutlined } from '@ant-design/icons';
import { Alert, Button, Empty, Input, InputNumber, Modal, Result, Spin, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { formatFen } from '../../../lib/money';
import { type MyMembership, myCardPdfUrl, myReceiptPdfUrl, useAskFromPhone, useMyMembership } from '../api';
import '../members.css';

type Member = NonNullable<MyMembership['member']>;

const statusColor = {
  applied: 'processing',
  active: 'success',
  lapsed: 'warning',
  rejected: 'error',
  withdrawn: 'default',
};

function Card({ m }: { m: Member }) {
  const { t } = useTranslation('members');
  const kind = [t(`category.${m.category}`), m.tier === 'ordinary' ? '' : t(`tier.${m.tier}`)]
    .filter(Boolean)
    .join(' · ');
  return (
    <div className="mem-card" data-testid="member-card">
      <div className="mem-card-head">
        <IdcardOutlined /> {t('mine.cardTitle')}
      </div>
      <div className="mem-card-body">
        <div className="mem-card-info">
          <div className="mem-card-name">{m.name}</div>
          <div className="mem-muted">{t('mine.memberNo')}</div>
          <div className="mem-card-no" data-testid="member-card-no">
            {m.memberNo}
          </div>
          <div>
            {t('mine.kind')} {kind}
          </div>
          <div>
            {t('mine.unit')} {m.orgName}
          </div>
          <div>
            {t('mine.joinedOn')} {m.joinedOn}
          </div>
          <div>
            {t('mine.paidThrough')}{' '}
            {m.paidThroughYear ? t('mine.paidYear', { year: m.paidThroughYear }) : t('mine.notPaid')}
          </div>
        </div>
        {m.qrSvg ? (
          <div
            className="mem-qr"
            data-testid="member-card-qr"
            data-url={m.verifyUrl ?? ''}
            // The server draws the SVG from the card's own verification address.
            // biome-ignore lint/security/noDangerouslySetInnerHtml: server-made QR SVG, no user text in it
            dangerouslySetInnerHTML={{ __html: m.qrSvg }}
          />
        ) : null}
      </div>
      <div className="mem-card-foot">{t('mine.scan')}</div>
    </div>
  );
}

function AskModal({ kind, onClose }: { kind: 'card-reissue' | 'dues-request'; onClose: () => void }) {
  const { t } = useTranslation('members');
  const ask = useAskFromPhone(kind);
  const [years, setYears] = useState(1);
  const [reason, setReason] = useState('');
  return (
    <Modal
      open
      title={kind === 'card-reissue' ? t('mine.askCard') : t('mine.askDues')}
      onCancel={onClose}
      onOk={() => (ask.data ? onClose() : ask.mutate(kind === 'card-reissue' ? { reason } : { years }))}
      confirmLoading={ask.isPending}
    >
      {ask.data ? (
        <Alert type="success" showIcon title={t('mine.asked', { no: ask.data.requestNo })} />
      ) : kind === 'dues-request' ? (
        <div>
          {t('mine.years')} <InputNumber min={1} max={5} value={years} onChange={(v) => setYears(v ?? 1)} />
        </div>
      ) : (
        <Input.TextArea placeholder={t('mine.reason')} value={reason} onChange={(e) => setReason(e.target.value)} />
      )}
      {ask.error ? (
        <Alert type="error" showIcon title={isApiError(ask.error) ? ask.error.message : String(ask.error)} />
      ) : null}
    </Modal>
  );
}

export function MyMembershipPage() {
  const { t } = useTranslation('members');
  const { data: me, isLoading } = useMe();
  const isPublic = me?.kind === 'public';
  const mine = useMyMembership(isPublic);
  const [asking, setAsking] = useState<'card-reissue' | 'dues-request' | null>(null);

  if (isLoading || (isPublic && mine.isLoading)) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', margin: 40 }} />
      </PublicShell>
    );
  }
  if (!isPublic) {
    return (
      <PublicShell>
        <div className="mem-page">
          <Link to="/login?next=%2Fmy%2Fmembership">
            <Button type="primary" size="large" block>
              {t('join.signIn')}
            </Button>
          </Link>
        </div>
      </PublicShell>
    );
  }
  const m = mine.data?.member;
  if (!m) {
    return (
      <PublicShell>
        <Result
          icon={<IdcardOutlined />}
          title={t('mine.none')}
          extra={
            <Link to="/members/join">
              <Button type="primary" size="large">
                {t('mine.join')}
              </Button>
            </Link>
          }
        />
      </PublicShell>
    );
  }
  const admitted = m.status === 'active' || m.status === 'lapsed';
  return (
    <PublicShell>
      <div className="mem-page" data-testid="my-membership-page">
        <h1 className="mem-title">
          {t('mine.title')}{' '}
          <Tag color={statusColor[m.status]} data-testid="my-membership-status">
            {t(`status.${m.status}`)}
          </Tag>
        </h1>
        {m.status === 'applied' ? (
          <Alert
            type="info"
            showIcon
            title={t('mine.pending')}
            description={`${t('mine.appliedAt')} ${m.appliedAt.slice(0, 10)} · ${m.orgName}`}
          />
        ) : null}
        {m.status === 'rejected' ? (
          <Alert type="error" showIcon title={t('mine.rejected')} description={m.decisionNote} />
        ) : null}
        {m.status === 'lapsed' ? <Alert type="warning" showIcon title={t('mine.lapsed')} /> : null}
        {admitted ? (
          <>
            <Card m={m} />
            <div className="mem-actions">
              <Button icon={<FilePdfOutlined />} href={myCardPdfUrl()} target="_blank" data-testid="member-card-pdf">
                {t('mine.pdf')}
              </Button>
              <Button onClick={() => setAsking('card-reissue')}>{t('mine.askCard')}</Button>
            </div>
            <div className="mem-box">
              <h3>{t('mine.dues')}</h3>
              <div className="mem-muted">{t('mine.duesPerYear', { amount: formatFen(m.duesPerYearFen) })}</div>
              {m.payments.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('mine.noDues')} />
              ) : (
                m.payments.map((p) => (
                  <div className="mem-row" key={p.id}>
                    <span>
                      {p.fromYear === p.toYear ? p.fromYear : `${p.fromYear}–${p.toYear}`} · {formatFen(p.amountFen)}
                    </span>
                    <a href={myReceiptPdfUrl(p.id)} target="_blank" rel="noreferrer">
                      {t('mine.receipt')}
                    </a>
                  </div>
                ))
              )}
              <Button style={{ marginTop: 8 }} block onClick={() => setAsking('dues-request')}>
                {t('mine.askDues')}
              </Button>
            </div>
          </>
        ) : null}
        {m.status === 'rejected' ? (
          <Link to="/members/join">
            <Button type="primary" block size="large" style={{ marginTop: 12 }}>
              {t('mine.join')}
            </Button>
          </Link>
        ) : null}
      </div>
      {asking ? <AskModal kind={asking} onClose={() => setAsking(null)} /> : null}
    </PublicShell>
  );
}
