// Public sign-in by mobile number and a 6-digit code sent by SMS (resend after 60 s).
import { Alert, App, Button, Card, Form, Input, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { showErrorOnFields } from '../../../components/server-errors';
import { useRequestCode, useVerifyCode } from '../api';

const resendSeconds = 60;
const phonePattern = /^(\+?86)?1\d{10}$/;
const compact = (s: string) => s.replace(/[\s-]/g, '');

/** Where to go after signing in: `?next=` when it is a path on this site (never another origin), else "me". */
function nextPath(next: string | null): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/me';
}

function useCountdown(): [number, () => void] {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until <= now) {
      return;
    }
    const timer = window.setTimeout(() => setNow(Date.now()), 250);
    return () => window.clearTimeout(timer);
  }, [until, now]);
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  return [
    left,
    () => {
      setNow(Date.now());
      setUntil(Date.now() + resendSeconds * 1000);
    },
  ];
}

export function PhoneLoginPage() {
  const { t } = useTranslation(['auth', 'common']);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data: me } = useMe();
  const [searchParams] = useSearchParams();
  const after = nextPath(searchParams.get('next'));
  const [form] = Form.useForm<{ phone: string; code: string }>();
  const [secondsLeft, startCountdown] = useCountdown();
  const [error, setError] = useState<string | null>(null);
  const requestCode = useRequestCode();
  const verify = useVerifyCode();

  if (me?.kind === 'public') {
    return <Navigate to={after} replace />;
  }

  const onRequestCode = async () => {
    setError(null);
    let phone: string;
    try {
      phone = compact((await form.validateFields(['phone'])).phone);
    } catch {
      return;
    }
    try {
      const sent = await requestCode.mutateAsync(phone);
      startCountdown();
      message.success(t('phone.codeSent', { minutes: Math.round(sent.expiresInSeconds / 60) }));
    } catch (e) {
      if (!showErrorOnFields(form, e, { INVALID_PHONE: 'phone' })) {
        setError(isApiError(e) ? e.message : String(e));
      }
    }
  };

  const onFinish = async (values: { phone: string; code: string }) => {
    setError(null);
    try {
      await verify.mutateAsync({ phone: compact(values.phone), code: values.code.trim() });
      navigate(after, { replace: true });
    } catch (e) {
      if (!showErrorOnFields(form, e, { OTP_INVALID: 'code', INVALID_PHONE: 'phone' })) {
        setError(isApiError(e) ? e.message : String(e));
      }
    }
  };

  return (
    <PublicShell>
      <Card variant="borderless" style={{ borderRadius: 12 }}>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('phone.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('phone.subtitle')}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        <Form form={form} layout="vertical" size="large" onFinish={onFinish} requiredMark={false}>
          <Form.Item
            name="phone"
            label={t('phone.phone')}
            rules={[
              { required: true, message: t('phone.phoneInvalid') },
              {
                validator: (_, v: string | undefined) =>
                  !v || phonePattern.test(compact(v))
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('phone.phoneInvalid'))),
              },
            ]}
          >
            <Input
              inputMode="tel"
              autoComplete="tel"
              maxLength={16}
              placeholder={t('phone.phonePlaceholder')}
              data-testid="phone-input"
            />
          </Form.Item>
          <Form.Item label={t('phone.code')} required>
            <Space.Compact style={{ width: '100%' }}>
              <Form.Item
                name="code"
                noStyle
                rules={[{ required: true, pattern: /^\d{6}$/, message: t('phone.codeInvalid') }]}
              >
                <Input
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  maxLength={6}
                  placeholder={t('phone.codePlaceholder')}
                  data-testid="code-input"
                />
              </Form.Item>
              <Button
                onClick={onRequestCode}
                disabled={secondsLeft > 0}
                loading={requestCode.isPending}
                data-testid="request-code"
                style={{ minWidth: 120 }}
              >
                {secondsLeft > 0 ? t('phone.resendIn', { seconds: secondsLeft }) : t('phone.requestCode')}
              </Button>
            </Space.Compact>
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={verify.isPending} data-testid="verify-submit">
            {t('phone.submit')}
          </Button>
        </Form>
        <div style={{ marginTop: 20, textAlign: 'center' }}>
          <Link to="/console/login">{t('phone.staffLink')}</Link>
        </div>
      </Card>
    </PublicShell>
  );
}
