// Staff sign-in to the console with username and password.
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { useMe } from '../../../app/session';
import { BrandMark } from '../../../components/brand-mark';
import { LanguageSwitch } from '../../../components/language-switch';
import { useStaffSignIn } from '../api';
import './console-login-page.css';

/** Only paths inside the console or the wall-screen cockpit are followed after sign-in (no open redirect). */
function safeNext(next: string | null): string {
  const inApp = next?.startsWith('/console') || next === '/cockpit' || next?.startsWith('/cockpit?');
  return inApp && !next?.startsWith('/console/login') ? (next as string) : '/console';
}

export function ConsoleLoginPage() {
  const { t } = useTranslation(['auth', 'common']);
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { data: me } = useMe();
  const signIn = useStaffSignIn();
  const [error, setError] = useState<string | null>(null);
  const next = safeNext(params.get('next'));

  if (me?.kind === 'staff') {
    return <Navigate to={next} replace />;
  }

  const onFinish = async (values: { username: string; password: string }) => {
    setError(null);
    try {
      await signIn.mutateAsync(values);
      navigate(next, { replace: true });
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  };

  return (
    <div className="console-login">
      <div className="console-login-lang">
        <LanguageSwitch />
      </div>
      <Card className="console-login-card" variant="borderless">
        <div className="console-login-brand">
          <BrandMark size={44} />
          <div>
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('console.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('console.subtitle')}</Typography.Text>
          </div>
        </div>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form layout="vertical" size="large" onFinish={onFinish} requiredMark={false}>
          <Form.Item
            name="username"
            label={t('console.username')}
            rules={[{ required: true, message: tc('form.required') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="username" />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('console.password')}
            rules={[{ required: true, message: tc('form.required') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={signIn.isPending} data-testid="sign-in">
            {t('console.submit')}
          </Button>
        </Form>
        <div className="console-login-links">
          <Link to="/login">{t('console.publicLink')}</Link>
          <Link to="/">{tc('actions.backHome')}</Link>
        </div>
      </Card>
    </div>
  );
}
