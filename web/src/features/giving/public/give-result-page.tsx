// /give/result/:orderNo?token=: where the payment provider sends the donor back. It asks for the order's status until
// it is final, then thanks the donor with the donation number, the certificate and the way to the gift's trail.
import { CloseCircleFilled, CopyOutlined, FilePdfOutlined, HeartFilled, NodeIndexOutlined } from '@ant-design/icons';
import { Button, Result, Spin, Typography } from 'antd';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { PublicShell } from '../../../components/public-shell';
import { formatFen } from '../../../lib/money';
import { certificateHref, useOrderStatus } from '../api';
import { orderToken, rememberGiftToken, rememberOrderToken } from '../gift-tokens';
import '../components/giving.css';

export function GiveResultPage() {
  const { orderNo = '' } = useParams();
  const [params] = useSearchParams();
  const { t } = useTranslation(['giving', 'common']);
  const token = params.get('token') ?? orderToken(orderNo);
  const order = useOrderStatus(orderNo, token);
  const status = order.data?.status;
  const donationNo = order.data?.donationNo ?? null;

  useEffect(() => {
    if (token) {
      rememberOrderToken(orderNo, token);
    }
    if (token && donationNo) {
      rememberGiftToken(donationNo, token);
    }
  }, [orderNo, token, donationNo]);

  const projectLink = order.data ? `/projects/${encodeURIComponent(order.data.projectCode)}` : '/projects';
  const giveAgain = order.data ? `/give/${encodeURIComponent(order.data.projectCode)}` : '/projects';

  let body: ReactNode;
  if (!token) {
    body = <Result status="warning" title={t('result.noToken')} />;
  } else if (order.error) {
    body = <Result status="error" title={t('common:errors.loadFailed')} subTitle={order.error.message} />;
  } else if (!order.data || status === 'created') {
    body = (
      <section className="giving-card giving-center" style={{ padding: '40px 18px' }} data-testid="result-waiting">
        <Spin size="large" />
        <strong style={{ fontSize: 18, marginTop: 12 }}>{t('result.waiting')}</strong>
        <span className="giving-muted">{t('result.waitingHint')}</span>
      </section>
    );
  } else if (status === 'paid' && donationNo) {
    const o = order.data;
    body = (
      <section className="giving-card giving-center" style={{ padding: '32px 18px' }} data-testid="result-paid">
        <HeartFilled className="giving-result-icon" />
        <h1 className="giving-result-title">{t('result.thanks')}</h1>
        <p className="giving-lead">
          {t('result.thanksBody', { amount: formatFen(o.amountFen), project: o.projectName })}
        </p>
        <span className="giving-muted" style={{ marginTop: 8 }}>
          {t('result.donationNo')}
        </span>
        <Typography.Text
          className="giving-number"
          copyable={{ text: donationNo, icon: <CopyOutlined /> }}
          data-testid="donation-no"
        >
          {donationNo}
        </Typography.Text>
        <div className="giving-buttons" style={{ marginTop: 16 }}>
          <Button
            type="primary"
            block
            className="giving-big-button"
            icon={<FilePdfOutlined />}
            href={certificateHref(donationNo, token)}
            target="_blank"
            data-testid="certificate-link"
          >
            {t('result.certificate')}
          </Button>
          <Link to={`/trace/${encodeURIComponent(donationNo)}`} data-testid="trace-link">
            <Button block className="giving-big-button" icon={<NodeIndexOutlined />}>
              {t('result.trace')}
            </Button>
          </Link>
          <Link to={projectLink}>
            <Button type="link" block>
              {t('result.backToProject')}
            </Button>
          </Link>
        </div>
        <p className="giving-muted" style={{ marginTop: 8 }}>
          {t('result.keepHint')}
        </p>
      </section>
    );
  } else {
    const title =
      status === 'closed' ? t('result.closed') : status === 'expired' ? t('result.expired') : t('result.refunded');
    body = (
      <div data-testid="result-not-paid">
        <Result
          icon={<CloseCircleFilled style={{ color: '#bfbfbf' }} />}
          title={title}
          subTitle={status === 'closed' ? t('result.closedBody') : status === 'expired' ? t('result.expiredBody') : ''}
          extra={
            <Link to={giveAgain}>
              <Button type="primary" size="large" shape="round">
                {t('result.again')}
              </Button>
            </Link>
          }
        />
      </div>
    );
  }

  return (
    <PublicShell>
      <div className="giving-page">{body}</div>
    </PublicShell>
  );
}
