// /registry/stem-cell — on a phone: sign up as a stem-cell donor (branch or blood drive, ID number, two relatives, the
// health declaration, the versioned consent), then my registration: status and history, confirmation after the
// cooling-off, the certificate, and withdrawal (with the clear warning and an explicit tick when a patient may wait).
import { LoginOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Radio, Select, Spin, Steps, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { validateIdNumber } from '../../../../../../server/src/platform/identity/id-number';
import { isApiError } from '../../../../app/api-client';
import { useMe } from '../../../../app/session';
import { PublicShell } from '../../../../components/public-shell';
import { UnitCascader } from '../../components/unit-cascader';
import {
  myCertificateUrl,
  type RegistrationDetail,
  useConfirmMine,
  useConsent,
  useMyRegistration,
  usePublicDrives,
  useSignUp,
  useWithdrawMine,
} from '../api';
import '../components/stemcell.css';

const relations = ['parent', 'spouse', 'sibling', 'child', 'other'] as const;
const bloodTypes = ['A', 'B', 'O', 'AB', 'unknown'] as const;

export const chinaTime = (iso: string, lang: string) =>
  new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'medium',
    timeStyle: 'short',
  });

export function StemCellPage() {
  const { t } = useTranslation('stemcell');
  const { data: me, isLoading } = useMe();
  const isPublic = me?.kind === 'public';
  const mine = useMyRegistration(isPublic);
  const [again, setAgain] = useState(false);

  if (isLoading || (isPublic && mine.isLoading)) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  const registration = mine.data?.registration ?? null;
  const ended = registration && ['withdrawn', 'lapsed'].includes(registration.status);
  return (
    <PublicShell>
      <div className="sc-page">
        {!isPublic ? (
          <>
            <h1 className="sc-title">{t('signup.title')}</h1>
            <p className="sc-lead">{t('signup.intro')}</p>
            <div className="sc-card" data-testid="stemcell-sign-in">
              <h2>{t('signup.signInTitle')}</h2>
              <p className="sc-muted">{t('signup.signInHint')}</p>
              <Link to={`/login?next=${encodeURIComponent('/registry/stem-cell')}`}>
                <Button type="primary" block size="large" icon={<LoginOutlined />}>
                  {t('signup.signIn')}
                </Button>
              </Link>
            </div>
          </>
        ) : registration && (!ended || !again) ? (
          <>
            <MyRegistration r={registration} />
            {ended && (
              <Button block size="large" onClick={() => setAgain(true)}>
                {t('signup.title')}
              </Button>
            )}
          </>
        ) : (
          <SignUpForm />
        )}
      </div>
    </PublicShell>
  );
}

function MyRegistration({ r }: { r: RegistrationDetail }) {
  const { t, i18n } = useTranslation('stemcell');
  const { message } = App.useApp();
  const confirm = useConfirmMine();
  const withdraw = useWithdrawMine();
  const [open, setOpen] = useState(false);
  const [lateOk, setLateOk] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const lang = i18n.language;

  const doWithdraw = async () => {
    setError(null);
    try {
      await withdraw.mutateAsync({ reason, confirmLate: lateOk });
      setOpen(false);
      message.success(t('mine.withdrawn'));
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  };
  return (
    <>
      <h1 className="sc-title">{t('mine.title')}</h1>
      <div className="sc-card">
        <div className="sc-status" data-testid="stemcell-status">
          {t(`status.${r.status}`)}
        </div>
        <dl className="sc-facts">
          <dt>{t('mine.no')}</dt>
          <dd data-testid="stemcell-no">{r.registrationNo}</dd>
          <dt>{t('mine.unit')}</dt>
          <dd>{r.orgName}</dd>
          {r.barcode && (
            <>
              <dt>{t('mine.barcode')}</dt>
              <dd>{r.barcode}</dd>
            </>
          )}
          <dt>{t('mine.relatives')}</dt>
          <dd>{r.relatives.map((x) => `${x.name}(${t(`relation.${x.relation}`)} ${x.phoneMasked})`).join(',')}</dd>
        </dl>
        {r.status === 'cooling_off' && r.coolingOffEndsAt && r.confirmBy && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('mine.coolingOff', {
              at: chinaTime(r.coolingOffEndsAt, lang),
              by: chinaTime(r.confirmBy, lang),
            })}
          />
        )}
        {r.canConfirm && (
          <Button
            type="primary"
            block
            size="large"
            loading={confirm.isPending}
            onClick={async () => {
              try {
                await confirm.mutateAsync({});
                message.success(t('mine.confirmed'));
              } catch (e) {
                message.error(isApiError(e) ? e.message : String(e));
              }
            }}
            style={{ marginBottom: 8 }}
          >
            {t('mine.confirm')}
          </Button>
        )}
        {r.hasCertificate && (
          <Button block size="large" href={myCertificateUrl()} target="_blank" style={{ marginBottom: 8 }}>
            {t('mine.certificate')}
          </Button>
        )}
        {r.canWithdraw && (
          <Button block size="large" danger onClick={() => setOpen(true)} data-testid="stemcell-withdraw">
            {t('mine.withdraw')}
          </Button>
        )}
      </div>
      <div className="sc-card">
        <h2>{t('mine.history')}</h2>
        <Steps
          direction="vertical"
          size="small"
          current={r.steps.length - 1}
          items={r.steps.map((s) => ({
            title: t(`step.${s.step}`),
            description: `${s.stepOn} · ${s.actorName}${s.note ? ` · ${s.note}` : ''}`,
            status: s.step === 'withdrawn' || s.step === 'lapsed' ? 'error' : 'finish',
          }))}
        />
      </div>
      <Modal
        open={open}
        title={t('mine.withdrawTitle')}
        onCancel={() => setOpen(false)}
        onOk={doWithdraw}
        okText={t('mine.withdraw')}
        okButtonProps={{ danger: true, disabled: r.isLateWithdrawal && !lateOk, loading: withdraw.isPending }}
        destroyOnHidden
      >
        {r.isLateWithdrawal ? (
          <>
            <Alert type="error" showIcon message={t('mine.lateWarning')} style={{ marginBottom: 12 }} />
            <Checkbox checked={lateOk} onChange={(e) => setLateOk(e.target.checked)} data-testid="stemcell-late-ok">
              {t('mine.lateConfirm')}
            </Checkbox>
          </>
        ) : (
          <p>{t('mine.withdrawBody')}</p>
        )}
        <Input.TextArea
          rows={2}
          maxLength={500}
          placeholder={t('mine.reason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          style={{ marginTop: 12 }}
        />
        {error && <Alert type="error" message={error} style={{ marginTop: 12 }} />}
      </Modal>
      <p className="sc-muted">
        <Tag>{t(`channel.${r.channel}`)}</Tag>
        {chinaTime(r.createdAt, lang)}
      </p>
    </>
  );
}

type Values = {
  driveId?: string;
  orgId?: number;
  name: string;
  idNumber: string;
  bloodType: (typeof bloodTypes)[number];
  r1name: string;
  r1relation: (typeof relations)[number];
  r1phone: string;
  r2name: string;
  r2relation: (typeof relations)[number];
  r2phone: string;
  health: Record<string, boolean>;
  agree: boolean;
};

function SignUpForm() {
  const { t, i18n } = useTranslation('stemcell');
  const { message } = App.useApp();
  const consent = useConsent();
  const drives = usePublicDrives();
  const signUp = useSignUp();
  const [form] = Form.useForm<Values>();
  const driveId = Form.useWatch('driveId', form);
  const [error, setError] = useState<string | null>(null);
  const lang = i18n.language === 'en' ? 'en' : 'zh';
  if (!consent.data) {
    return <Spin style={{ display: 'block', marginTop: 64 }} />;
  }
  const required = { required: true, message: t('signup.required') };
  const submit = async (v: Values) => {
    setError(null);
    const drive = drives.data?.find((d) => d.id === v.driveId);
    try {
      await signUp.mutateAsync({
        orgId: drive?.orgId ?? v.orgId!,
        driveId: drive?.id,
        name: v.name.trim(),
        idType: 'resident_id',
        idNumber: v.idNumber.trim().toUpperCase(),
        bloodType: v.bloodType,
        consentVersion: consent.data.version,
        consentAgreed: true,
        relatives: [
          { name: v.r1name.trim(), relation: v.r1relation, phone: v.r1phone.trim() },
          { name: v.r2name.trim(), relation: v.r2relation, phone: v.r2phone.trim() },
        ],
        health: v.health as never,
      });
      message.success(t('signup.done'));
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  };
  return (
    <>
      <h1 className="sc-title">{t('signup.title')}</h1>
      <p className="sc-lead">{t('signup.intro')}</p>
      <Form
        form={form}
        layout="vertical"
        size="large"
        requiredMark={false}
        onFinish={submit}
        initialValues={{
          bloodType: 'unknown',
          r1relation: 'parent',
          r2relation: 'parent',
          health: Object.fromEntries(consent.data.healthQuestions.map((q) => [q.key, undefined])),
        }}
      >
        <div className="sc-card">
          {(drives.data?.length ?? 0) > 0 && (
            <Form.Item name="driveId" label={t('signup.drive')}>
              <Select
                allowClear
                placeholder={t('signup.noDrive')}
                options={drives.data?.map((d) => ({ value: d.id, label: `${d.heldOn} ${d.title}` }))}
                data-testid="stemcell-drive"
              />
            </Form.Item>
          )}
          {!driveId && (
            <Form.Item name="orgId" label={t('signup.unit')} rules={[required]}>
              <UnitCascader placeholder={t('signup.pickUnit')} />
            </Form.Item>
          )}
          <Form.Item name="name" label={t('signup.name')} rules={[required]}>
            <Input maxLength={30} autoComplete="name" data-testid="stemcell-name" />
          </Form.Item>
          <Form.Item
            name="idNumber"
            label={t('signup.idNumber')}
            rules={[
              required,
              {
                validator: (_r, v: string) =>
                  !v || validateIdNumber(v.trim().toUpperCase()).ok
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('signup.idInvalid'))),
              },
            ]}
          >
            <Input maxLength={18} inputMode="text" data-testid="stemcell-id" />
          </Form.Item>
          <Form.Item name="bloodType" label={t('signup.bloodType')}>
            <Radio.Group
              optionType="button"
              options={bloodTypes.map((b) => ({ value: b, label: b === 'unknown' ? '?' : b }))}
            />
          </Form.Item>
        </div>
        <div className="sc-card">
          <h2>{t('signup.relatives')}</h2>
          {[1, 2].map((n) => (
            <div key={n}>
              <div className="sc-row">
                <Form.Item name={`r${n}name`} label={t('signup.relativeName', { n })} rules={[required]}>
                  <Input maxLength={30} data-testid={`stemcell-r${n}-name`} />
                </Form.Item>
                <Form.Item name={`r${n}relation`} label={t('signup.relation')}>
                  <Select options={relations.map((r) => ({ value: r, label: t(`relation.${r}`) }))} />
                </Form.Item>
              </div>
              <Form.Item name={`r${n}phone`} label={t('signup.relativePhone', { n })} rules={[required]}>
                <Input maxLength={20} inputMode="tel" data-testid={`stemcell-r${n}-phone`} />
              </Form.Item>
            </div>
          ))}
        </div>
        <div className="sc-card">
          <h2>{t('signup.health')}</h2>
          {consent.data.healthQuestions.map((q) => (
            <div className="sc-health" key={q.key}>
              <span>{q[lang]}</span>
              <Form.Item name={['health', q.key]} rules={[required]} noStyle>
                <Radio.Group
                  optionType="button"
                  size="middle"
                  data-testid={`stemcell-health-${q.key}`}
                  options={[
                    { value: false, label: t('signup.no') },
                    { value: true, label: t('signup.yes') },
                  ]}
                />
              </Form.Item>
            </div>
          ))}
        </div>
        <div className="sc-card">
          <h2>{t('signup.consent', { version: consent.data.version })}</h2>
          <div className="sc-consent">
            <strong>{consent.data.title}</strong>
            {consent.data.paragraphs.map((p) => (
              <p key={p}>{p}</p>
            ))}
          </div>
          <Form.Item
            name="agree"
            valuePropName="checked"
            rules={[
              { validator: (_r, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('signup.required')))) },
            ]}
          >
            <Checkbox data-testid="stemcell-agree">{t('signup.agree')}</Checkbox>
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" block loading={signUp.isPending} data-testid="stemcell-submit">
            {t('signup.submit')}
          </Button>
        </div>
      </Form>
    </>
  );
}
