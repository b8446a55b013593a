// The signed-in public user's page: who they are (masked phone) and signing out.
import { Button, Card, Descriptions, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { useSignOut } from '../api';

export function MePage() {
  const { t } = useTranslation(['auth', 'common', 'services']);
  const { data: me, isLoading } = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();

  if (isLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 48 }} />
      </PublicShell>
    );
  }
  if (!me) {
    return <Navigate to="/login" replace />;
  }
  return (
    <PublicShell>
      <Card variant="borderless" style={{ borderRadius: 12 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('me.title')}
        </Typography.Title>
        <Descriptions column={1} size="middle">
          {me.kind === 'public' ? (
            <Descriptions.Item label={t('me.phone')}>
              <span data-testid="me-phone">{me.phoneMasked}</span>
            </Descriptions.Item>
          ) : (
            <Descriptions.Item label={t('me.staffAccount')}>
              {me.displayName} ({me.username})
            </Descriptions.Item>
          )}
        </Descriptions>
        {me.kind === 'public' && (
          <Link to="/my/requests">
            <Button block size="large" style={{ marginTop: 8 }} data-testid="me-requests">
              {t('services:hall.myRequests')}
            </Button>
          </Link>
        )}
        {me.kind === 'staff' && (
          <Button block size="large" style={{ marginTop: 8 }} onClick={() => navigate('/console')}>
            {t('me.toConsole')}
          </Button>
        )}
        <Button
          danger
          block
          size="large"
          style={{ marginTop: 16 }}
          loading={signOut.isPending}
          onClick={() => signOut.mutate(false, { onSuccess: () => navigate('/', { replace: true }) })}
          data-testid="sign-out"
        >
          {t('me.signOut')}
        </Button>
      </Card>
    </PublicShell>
  );
}
