// /give/:code: the one-handed give form — preset amounts as big buttons or an amount typed in yuan (parsed to whole
// fen, never through a float), named or anonymous, optional phone / message / receipt, the consent, the payment
// channel, and a fixed button at the bottom that starts the order and goes to the provider's checkout.
import { CheckCircleFilled, DownOutlined, SafetyCertificateOutlined, UpOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Input, Modal, QRCode, Result, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { PublicShell } from '../../../components/public-shell';
import { formatFen, parseYuan, type YuanParse } from '../../../lib/money';
import { type Channel, type CreateOrderInput, useCreateOrder, usePaymentChannels, usePublicProject } from '../api';
import { rememberOrderToken } from '../gift-tokens';
import { ownPath } from '../own-path';
import '../components/giving.css';

/** The consent text version shown here (the server stores it with the order). */
const consentVersion = '2026-01';
const onlineChannels: Channel[] = ['wechat', 'alipay', 'local'];

type Problems = Partial<Record<'amount' | 'name' | 'phone' | 'consent' | 'channel' | 'form', string>>;

function isPhone(text: string): boolean {
  return /^(\+?86)?1\d{10}$/.test(text.replace(/[\s-]/g, ''));
}

export function GivePage() {
  const { code = '' } = useParams();
  const { t } = useTranslation(['giving', 'common']);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const project = usePublicProject(code);
  const createOrder = useCreateOrder();

  const [preset, setPreset] = useState<number | null>(null);
  const [customText, setCustomText] = useState('');
  const [isAnonymous, setIsAnonymous] = useState(false);
  const [donorName, setDonorName] = useState('');
  const [showMore, setShowMore] = useState(false);
  const [phone, setPhone] = useState('');
  const [note, setNote] = useState('');
  const [wantsReceipt, setWantsReceipt] = useState(false);
  const [consent, setConsent] = useState(false);
  const [showConsent, setShowConsent] = useState(false);
  const [channel, setChannel] = useState<Channel | null>('local');
  // The channel of the QR checkout on show (the choice may change behind the dialog).
  const [qrChannel, setQrChannel] = useState<Channel>('local');
  const [refused, setRefused] = useState<Channel[]>([]);
  const offered = usePaymentChannels().data?.channels as Channel[] | undefined;
  // Channels the deployment does not take, and any a provider refused just now, are shown but cannot be chosen.
  const unavailable = [...refused, ...(offered ? onlineChannels.filter((c) => !offered.includes(c)) : [])];
  useEffect(() => {
    if (offered && offered.length > 0) {
      setChannel((current) => (current !== null && offered.includes(current) ? current : offered[0]));
    }
  }, [offered]);
  const [problems, setProblems] = useState<Problems>({});
  const [qr, setQr] = useState<{ codeUrl: string; orderNo: string; token: string } | null>(null);

  if (project.isLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  const p = project.data;
  if (!p?.isAcceptingGifts) {
    return (
      <PublicShell>
        <Result
          status={p ? 'warning' : '404'}
          title={p ? t('give.notOpen') : t('notFound')}
          extra={
            <Link to={p ? `/projects/${encodeURIComponent(p.code)}` : '/projects'}>
              <Button type="primary">{t('common:actions.back')}</Button>
            </Link>
          }
        />
      </PublicShell>
    );
  }

  const typed: YuanParse | null = preset === null ? parseYuan(customText) : null;
  const amountFen = preset ?? (typed?.ok ? typed.fen : null);

  function validate(): Problems {
    const found: Problems = {};
    if (preset === null && typed && !typed.ok) {
      found.amount = t(`give.amountErrors.${typed.reason}`);
    }
    if (!isAnonymous && donorName.trim() === '') {
      found.name = t('give.nameRequired');
    }
    if (phone.trim() !== '' && !isPhone(phone)) {
      found.phone = t('give.phoneInvalid');
    } else if (wantsReceipt && !isAnonymous && phone.trim() === '') {
      found.phone = t('give.phoneRequired');
    }
    if (!consent) {
      found.consent = t('give.consentRequired');
    }
    if (channel === null) {
      found.channel = t('give.channelRequired');
    }
    return found;
  }

  function submit() {
    const found = validate();
    setProblems(found);
    if (Object.keys(found).length > 0 || amountFen === null || channel === null || !p) {
      if (found.phone) {
        setShowMore(true);
      }
      return;
    }
    const input: CreateOrderInput = {
      projectCode: p.code,
      amountFen,
      channel: channel as CreateOrderInput['channel'],

      isAnonymous,
      donorName: isAnonymous ? undefined : donorName.trim(),
      phone: phone.trim() ? phone.replace(/[\s-]/g, '') : undefined,
      message: note.trim() || undefined,
      consentVersion,
      wantsReceipt: wantsReceipt && !isAnonymous,
      // A phone gets the provider's mobile flow, a desktop its QR page.
      device: window.matchMedia('(pointer: coarse)').matches ? 'mobile' : 'desktop',
    };
    createOrder.mutate(input, {
      onSuccess: (order) => {
        rememberOrderToken(order.orderNo, order.accessToken);
        if (order.checkout.kind === 'qr') {
          setQrChannel(channel);
          setQr({ codeUrl: order.checkout.codeUrl, orderNo: order.orderNo, token: order.accessToken });
          return;
        }
        const path = ownPath(order.checkout.url, ['/pay/local/', '/give/result/']);
        if (path) {
          navigate(path);
        } else {
          window.location.assign(order.checkout.url);
        }
      },
      onError: (error) => {
        if (isApiError(error) && error.code === 'PAYMENT_CHANNEL_UNAVAILABLE') {
          // Mark it off and let the donor choose: guessing the next channel could fail the same way.
          setRefused((list) => [...new Set([...list, channel])]);
          setProblems({ channel: t('give.channelUnavailableNote', { channel: t(`channels.${channel}`) }) });
          setChannel(null);
        } else if (isApiError(error) && error.code === 'AMOUNT_TOO_LARGE') {
          setProblems({ amount: `${error.message}` });
        } else {
          setProblems({ form: error.message });
          void message.error(error.message);
        }
      },
    });
  }

  const resultPath = qr ? `/give/result/${encodeURIComponent(qr.orderNo)}?token=${encodeURIComponent(qr.token)}` : '';

  return (
    <PublicShell>
      <div className="giving-page has-action-bar" data-testid="give-page">
        <div>
          <h1 className="giving-page-title" style={{ fontSize: 20 }}>
            {t('give.title', { name: p.name })}
          </h1>
          <p className="giving-muted" style={{ margin: '4px 0 0' }}>
            {p.orgName} · {t(`fundKinds.${p.fundKind}`)} · {p.purpose}
          </p>
        </div>

        <section className="giving-card">
          <h2>{t('give.amount')}</h2>
          <div className="giving-amounts">
            {p.presetAmountsFen.map((fen) => (
              <button
                key={fen}
                type="button"
                aria-pressed={preset === fen}
                className={`giving-amount-choice${preset === fen ? ' is-chosen' : ''}`}
                onClick={() => {
                  setPreset(fen);
                  setCustomText('');
                  setProblems((x) => ({ ...x, amount: undefined }));
                }}
                data-testid={`preset-${fen}`}
              >
                {formatFen(fen, { whole: 'short' })}
              </button>
            ))}
          </div>
          <div className="giving-custom-amount">
            <Input
              size="large"
              prefix="¥"
              suffix={t('give.yuan')}
              inputMode="decimal"
              placeholder={t('give.customPlaceholder')}
              aria-label={t('give.custom')}
              value={customText}
              status={problems.amount ? 'error' : undefined}
              onFocus={() => setPreset(null)}
              onChange={(e) => {
                setPreset(null);
                setCustomText(e.target.value);
                setProblems((x) => ({ ...x, amount: undefined }));
              }}
              data-testid="custom-amount"
            />
            {problems.amount && (
              <div className="giving-error" data-testid="amount-error">
                {problems.amount}
              </div>
            )}
          </div>
        </section>

        <section className="giving-card">
          <h2>{t('give.identity')}</h2>
          <div className="giving-choice-list">
            {[false, true].map((anon) => (
              <button
                key={String(anon)}
                type="button"
                aria-pressed={isAnonymous === anon}
                className={`giving-choice${isAnonymous === anon ? ' is-chosen' : ''}`}
                onClick={() => {
                  setIsAnonymous(anon);
                  setProblems((x) => ({ ...x, name: undefined }));
                }}
                data-testid={anon ? 'choose-anonymous' : 'choose-named'}
              >
                <span className="giving-choice-dot" />
                {anon ? t('give.anonymous') : t('give.named')}
              </button>
            ))}
          </div>
          {!isAnonymous && (
            <div className="giving-field">
              <label className="giving-field-label" htmlFor="donor-name">
                {t('give.name')}
              </label>
              <Input
                id="donor-name"
                size="large"
                maxLength={50}
                autoComplete="name"
                placeholder={t('give.namePlaceholder')}
                value={donorName}
                status={problems.name ? 'error' : undefined}
                onChange={(e) => {
                  setDonorName(e.target.value);
                  setProblems((x) => ({ ...x, name: undefined }));
                }}
                data-testid="donor-name"
              />
              {problems.name && <div className="giving-error">{problems.name}</div>}
            </div>
          )}
          <Button
            type="link"
            style={{ padding: 0, marginTop: 12, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
            onClick={() => setShowMore((v) => !v)}
            icon={showMore ? <UpOutlined /> : <DownOutlined />}
            iconPlacement="end"
          >
            {t('give.more')}
          </Button>
          {showMore && (
            <>
              <div className="giving-field">
                <label className="giving-field-label" htmlFor="donor-phone">
                  {t('give.phone')}
                </label>
                <Input
                  id="donor-phone"
                  size="large"
                  type="tel"
                  inputMode="tel"
                  autoComplete="tel"
                  maxLength={20}
                  placeholder={t('give.phonePlaceholder')}
                  value={phone}
                  status={problems.phone ? 'error' : undefined}
                  onChange={(e) => {
                    setPhone(e.target.value);
                    setProblems((x) => ({ ...x, phone: undefined }));
                  }}
                />
                {problems.phone && <div className="giving-error">{problems.phone}</div>}
              </div>
              <div className="giving-field">
                <label className="giving-field-label" htmlFor="donor-message">
                  {t('give.message')}
                </label>
                <Input.TextArea
                  id="donor-message"
                  maxLength={200}
                  autoSize={{ minRows: 2, maxRows: 4 }}
                  placeholder={t('give.messagePlaceholder')}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                />
              </div>
              {!isAnonymous && (
                <div className="giving-field">
                  <Checkbox checked={wantsReceipt} onChange={(e) => setWantsReceipt(e.target.checked)}>
                    {t('give.wantsReceipt')}
                  </Checkbox>
                  {wantsReceipt && (
                    <div className="giving-muted" style={{ marginTop: 4 }}>
                      {t('give.receiptHint')}
                    </div>
                  )}
                </div>
              )}
            </>
          )}
        </section>

        <section className="giving-card">
          <h2>{t('give.channel')}</h2>
          <div className="giving-choice-list">
            {onlineChannels.map((c) => {
              const isOff = unavailable.includes(c);
              return (
                <button
                  key={c}
                  type="button"
                  aria-pressed={channel === c}
                  disabled={isOff}
                  className={`giving-choice${channel === c ? ' is-chosen' : ''}`}
                  onClick={() => {
                    setChannel(c);
                    setProblems((x) => ({ ...x, channel: undefined }));
                  }}
                  data-testid={`channel-${c}`}
                >
                  <span className="giving-choice-dot" />
                  {t(`channels.${c}`)}
                  <span className="giving-choice-hint">
                    {isOff ? t('give.channelUnavailable') : c === 'local' ? t('give.localHint') : ''}
                  </span>
                </button>
              );
            })}
          </div>
          {problems.channel && (
            <div data-testid="channel-error" style={{ marginTop: 10 }}>
              <Alert type="warning" showIcon title={problems.channel} />
            </div>
          )}
        </section>

        <section className="giving-card">
          <div className="giving-consent">
            <Checkbox
              checked={consent}
              onChange={(e) => {
                setConsent(e.target.checked);
                setProblems((x) => ({ ...x, consent: undefined }));
              }}
              data-testid="consent"
            >
              {t('give.consent')}
            </Checkbox>
          </div>
          <Button
            type="link"
            style={{ padding: 0 }}
            onClick={() => setShowConsent((v) => !v)}
            icon={showConsent ? <UpOutlined /> : <DownOutlined />}
            iconPlacement="end"
          >
            {t('give.consentRead')}
          </Button>
          {showConsent && (
            <div className="giving-consent-text" data-testid="consent-text">
              <strong>{t('give.consentTitle')}</strong>
              <ol>
                {t('give.consentBody', { returnObjects: true }).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ol>
            </div>
          )}
          {problems.consent && <div className="giving-error">{problems.consent}</div>}
        </section>

        <div className="giving-trust">
          <SafetyCertificateOutlined style={{ color: '#c8102e', marginTop: 3 }} />
          <span>{t('give.secure', { org: p.orgName })}</span>
        </div>
        {problems.form && <Alert type="error" showIcon title={problems.form} />}

        <div className="giving-action-bar">
          <div className="giving-action-bar-inner">
            <Button
              type="primary"
              block
              className="giving-big-button"
              loading={createOrder.isPending}
              onClick={submit}
              data-testid="give-submit"
            >
              {amountFen === null
                ? t('give.submitNoAmount')
                : channel === null
                  ? t('give.channelRequired')
                  : t('give.submit', { amount: formatFen(amountFen) })}
            </Button>
          </div>
        </div>
      </div>

      <Modal
        open={qr !== null}
        title={t('give.scanToPay', { channel: t(`channels.${qrChannel}`) })}
        footer={null}
        onCancel={() => setQr(null)}
        centered
      >
        {qr && (
          <div className="giving-center">
            <QRCode value={qr.codeUrl} size={220} />
            <Button
              type="primary"
              block
              className="giving-big-button"
              icon={<CheckCircleFilled />}
              onClick={() => navigate(resultPath)}
            >
              {t('give.paidCheck')}
            </Button>
          </div>
        )}
      </Modal>
    </PublicShell>
  );
}
