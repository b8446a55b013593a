// /registry/organ/mine: the signed-in citizen's organ and body registrations — status, what is donated, the card (PDF)
// and withdrawal at any time (one confirmation, an optional reason).
import { FilePdfOutlined, LoginOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Input, Modal, Spin, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../../../app/api-client';
import { useMe } from '../../../../app/session';
import { PublicShell } from '../../../../components/public-shell';
import { ownCardUrl, type RegistrationView, useMyRegistrations, useWithdrawOwn } from '../api';
import '../components/organ.css';
import { formatDate } from '../../../../lib/china-time';

export const statusColor: Record<RegistrationView['status'], string> = {
  active: 'green',
  withdrawn: 'default',
  deceased: 'purple',
  realised: 'gold',
};

export function whatLabel(t: (k: string) => string, r: Pick<RegistrationView, 'scope' | 'items'>): string {
  return r.scope === 'all' || r.scope === 'whole_body'
    ? t(`scope.${r.scope}`)
    : r.items.map((i) => t(`items.${i}`)).join('、');
}

function RegistrationCard({ r }: { r: RegistrationView }) {
  const { t, i18n } = useTranslation('organ');
  const { message } = App.useApp();
  const withdraw = useWithdrawOwn();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const tr = t as unknown as (k: string) => string;
  return (
    <div className="organ-card" data-testid="my-registration">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
        <strong>{t(`kind.${r.kind}`)}</strong>
        <Tag color={statusColor[r.status]} data-testid="my-registration-status">
          {t(`status.${r.status}`)}
        </Tag>
      </div>
      <div className="organ-muted" style={{ margin: '6px 0' }}>
        {t('mine.regNo')} {r.regNo} · {r.orgName}
      </div>
      <div>{whatLabel(tr, r)}</div>
      <div className="organ-muted">
        {t('mine.registeredAt')} {formatDate(r.registeredAt, i18n.language)}
      </div>
      {r.status === 'active' && (
        <div className="organ-row" style={{ marginTop: 12 }}>
          <Button icon={<FilePdfOutlined />} href={ownCardUrl(r.id)} target="_blank">
            {t('mine.card')}
          </Button>
          <Button danger onClick={() => setOpen(true)} data-testid="my-registration-withdraw">
            {t('mine.withdraw')}
          </Button>
        </div>
      )}
      <Modal
        open={open}
        title={t('mine.withdraw')}
        onCancel={() => setOpen(false)}
        okButtonProps={{ danger: true, loading: withdraw.isPending, id: 'withdraw-confirm' }}
        onOk={async () => {
          try {
            await withdraw.mutateAsync({ id: r.id, reason: reason.trim() || undefined });
            setOpen(false);
            message.success(t('mine.withdrawn'));
          } catch (e) {
            message.error(isApiError(e) ? e.message : String(e));
          }
        }}
      >
        <p>{t('mine.withdrawConfirm')}</p>
        <Input.TextArea
          rows={2}
          maxLength={200}
          placeholder={t('mine.withdrawReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </div>
  );
}

export function MyRegistrationsPage() {
  const { t } = useTranslation('organ');
  const { data: me, isLoading } = useMe();
  const mine = useMyRegistrations(me?.kind === 'public');
  if (isLoading || (me?.kind === 'public' && mine.isLoading)) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  return (
    <PublicShell>
      <div className="organ-page">
        <h1 className="organ-title">{t('mine.title')}</h1>
        {me?.kind !== 'public' ? (
          <Link to={`/login?next=${encodeURIComponent('/registry/organ/mine')}`}>
            <Button type="primary" block size="large" icon={<LoginOutlined />}>
              {t('register.signIn')}
            </Button>
          </Link>
        ) : (
          <>
            {mine.error && <Alert type="error" title={String(mine.error.message)} />}
            {(mine.data ?? []).length === 0 && <Empty description={t('mine.empty')} />}
            {(mine.data ?? []).map((r) => (
              <RegistrationCard key={r.id} r={r} />
            ))}
            <Link to="/registry/organ/register">
              <Button block size="large" icon={<PlusOutlined />} style={{ marginTop: 8 }}>
                {t('mine.registerNew')}
              </Button>
            </Link>
          </>
        )}
      </div>
    </PublicShell>
  );
}
