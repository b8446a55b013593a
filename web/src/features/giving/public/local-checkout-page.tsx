// /pay/local/:orderNo: the built-in demo payment channel (模拟支付). It shows the order behind the signed checkout link,
// then pays or cancels through the local provider and goes back to the result page. Clearly labelled: no real money.
import { ExperimentOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { PublicShell } from '../../../components/public-shell';
import { chinaShortDateTime } from '../../../lib/china-time';
import { formatFen } from '../../../lib/money';
import { type LocalCheckoutLink, useLocalCheckout, useLocalCheckoutAction } from '../api';
import { ownPath } from '../own-path';
import '../components/giving.css';

export function LocalCheckoutPage() {
  const { orderNo = '' } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation(['giving', 'common']);
  const navigate = useNavigate();
  const link: LocalCheckoutLink = {
    amountFen: params.get('amountFen') ?? '',
    expiresAt: params.get('expiresAt') ?? '',
    returnUrl: params.get('returnUrl') ?? '',
    token: params.get('token') ?? '',
  };
  const checkout = useLocalCheckout(orderNo, link);
  const act = useLocalCheckoutAction(orderNo);

  function go(returnUrl: string) {
    const path = ownPath(returnUrl, ['/give/result/']);
    if (path) {
      navigate(path, { replace: true });
    } else {
      window.location.assign(returnUrl);
    }
  }

  function send(action: 'pay' | 'cancel') {
    act.mutate({ ...link, action }, { onSuccess: (answer) => go(answer.returnUrl) });
  }

  const view = checkout.data;
  return (
    <PublicShell>
      <div className="giving-page" data-testid="local-checkout">
        <div className="giving-demo-banner" data-testid="demo-banner">
          <ExperimentOutlined /> <strong>{t('checkout.title')}</strong> · {t('checkout.demoBanner')}
        </div>
        {checkout.isLoading && <Spin style={{ display: 'block', marginTop: 48 }} />}
        {checkout.error && (
          <Result
            status="warning"
            title={t('checkout.linkInvalid')}
            subTitle={checkout.error.message}
            extra={
              <Link to="/projects">
                <Button>{t('common:actions.back')}</Button>
              </Link>
            }
          />
        )}
        {view && (
          <section className="giving-card giving-center" style={{ padding: '28px 18px' }}>
            <span className="giving-muted">{t('checkout.payee')}</span>
            <strong style={{ fontSize: 17 }}>{view.orgName}</strong>
            <div className="giving-big-amount" data-testid="checkout-amount">
              {formatFen(view.amountFen)}
            </div>
            <dl className="giving-facts" style={{ marginTop: 12, textAlign: 'left', width: '100%' }}>
              <dt>{t('checkout.project')}</dt>
              <dd>{view.projectName}</dd>
              <dt>{t('checkout.orderNo')}</dt>
              <dd className="giving-mono" style={{ fontSize: 13 }}>
                {view.orderNo}
              </dd>
            </dl>
            {view.status === 'created' ? (
              <>
                <p className="giving-muted" style={{ margin: '12px 0 4px' }}>
                  {t('checkout.expires', { time: chinaShortDateTime(view.expiresAt) })}
                </p>
                <div className="giving-buttons">
                  <Button
                    type="primary"
                    block
                    className="giving-big-button"
                    loading={act.isPending && act.variables?.action === 'pay'}
                    disabled={act.isPending}
                    onClick={() => send('pay')}
                    data-testid="checkout-pay"
                  >
                    {t('checkout.pay')} {formatFen(view.amountFen)}
                  </Button>
                  <Button
                    block
                    size="large"
                    shape="round"
                    disabled={act.isPending}
                    onClick={() => send('cancel')}
                    data-testid="checkout-cancel"
                  >
                    {t('checkout.cancel')}
                  </Button>
                </div>
              </>
            ) : (
              <>
                <Alert
                  type="info"
                  showIcon
                  style={{ width: '100%', marginTop: 12 }}
                  title={view.status === 'expired' ? t('checkout.expired') : t('checkout.alreadyDone')}
                />
                <Button type="primary" size="large" shape="round" onClick={() => go(view.returnUrl)}>
                  {t('checkout.toResult')}
                </Button>
              </>
            )}
            {act.error && <Alert type="error" showIcon style={{ width: '100%' }} title={act.error.message} />}
          </section>
        )}
      </div>
    </PublicShell>
  );
}
