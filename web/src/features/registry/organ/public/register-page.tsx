// /registry/organ/register: a citizen registers their own organ or body donation intent on the phone — the branch,
// name and ID number (checked with the server's checksum), what to donate, two witnesses, a family contact (and for a
// body, the executor and the receiving institution), then the consent text, a tick and the name typed as signature.
import { LoginOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Form, Input, Radio, Segmented, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { organValues } from '../../../../../../server/src/modules/registry/registry-organ.schemas';
import { validateIdNumber } from '../../../../../../server/src/platform/identity/id-number';
import { isApiError } from '../../../../app/api-client';
import { useMe } from '../../../../app/session';
import { PublicShell } from '../../../../components/public-shell';
import { UnitCascader } from '../../components/unit-cascader';
import { useRegisterOnline } from '../api';
import '../components/organ.css';

type Values = {
  orgId: number;
  name: string;
  idNumber: string;
  scope: string;
  items?: string[];
  w1name: string;
  w1phone: string;
  w2name: string;
  w2phone: string;
  familyName: string;
  familyRelation: string;
  familyPhone: string;
  executorName?: string;
  executorRelation?: string;
  executorPhone?: string;
  institution?: string;
  consentAccepted: boolean;
  consentSignature: string;
};

export function OrganRegisterPage() {
  const { t } = useTranslation('organ');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { data: me, isLoading } = useMe();
  const register = useRegisterOnline();
  // The service hall's 遗体(组织)捐献登记 opens this page with ?kind=body.
  const [params] = useSearchParams();
  const [kind, setKind] = useState<'organ' | 'body'>(params.get('kind') === 'body' ? 'body' : 'organ');
  const [form] = Form.useForm<Values>();
  const scope = Form.useWatch('scope', form);
  const [error, setError] = useState<string | null>(null);

  if (isLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  if (me?.kind !== 'public') {
    return (
      <PublicShell>
        <div className="organ-page">
          <h1 className="organ-title">{t('register.title')}</h1>
          <p className="organ-lead">{t('register.intro')}</p>
          <div className="organ-card" data-testid="organ-sign-in">
            <h2>{t('register.signInTitle')}</h2>
            <p className="organ-muted">{t('register.signInHint')}</p>
            <Link to={`/login?next=${encodeURIComponent('/registry/organ/register')}`}>
              <Button type="primary" block size="large" icon={<LoginOutlined />}>
                {t('register.signIn')}
              </Button>
            </Link>
          </div>
        </div>
      </PublicShell>
    );
  }

  const required = { required: true, message: t('register.required') };
  const submit = async (v: Values) => {
    setError(null);
    try {
      await register.mutateAsync({
        kind,
        orgId: v.orgId,
        name: v.name.trim(),
        idNumber: v.idNumber.trim(),
        scope: v.scope as 'all',
        items: (v.items ?? []) as (typeof organValues)[number][],
        witnesses: [
          { name: v.w1name, phone: v.w1phone },
          { name: v.w2name, phone: v.w2phone },
        ],
        familyContact: { name: v.familyName, relation: v.familyRelation, phone: v.familyPhone },
        ...(kind === 'body'
          ? {
              executor: {
                name: v.executorName ?? '',
                relation: v.executorRelation ?? '',
                phone: v.executorPhone ?? '',
              },
              institution: v.institution || undefined,
            }
          : {}),
        consentAccepted: true,
        consentSignature: v.consentSignature.trim(),
      });
      message.success(t('register.done'));
      navigate('/registry/organ/mine');
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  };

  const itemChoices = kind === 'organ' ? organValues : (['cornea', 'skin', 'bone'] as const);
  const showItems = scope === 'some' || scope === 'tissue';
  return (
    <PublicShell>
      <div className="organ-page">
        <h1 className="organ-title">{t('register.title')}</h1>
        <p className="organ-lead">{t('register.intro')}</p>
        <Segmented
          block
          size="large"
          value={kind}
          onChange={(k) => {
            setKind(k as 'organ' | 'body');
            form.setFieldsValue({ scope: k === 'organ' ? 'all' : 'whole_body', items: [] });
          }}
          options={[
            { value: 'organ', label: t('kind.organ') },
            { value: 'body', label: t('kind.body') },
          ]}
          style={{ marginBottom: 12 }}
          data-testid="organ-kind"
        />
        <Form
          form={form}
          layout="vertical"
          size="large"
          initialValues={{ scope: 'all', items: [] }}
          onFinish={submit}
          requiredMark={false}
        >
          <div className="organ-card">
            <Form.Item name="orgId" label={t('register.unit')} rules={[required]}>
              <UnitCascader placeholder={t('register.pickUnit')} />
            </Form.Item>
            <Form.Item name="name" label={t('register.name')} rules={[required]}>
              <Input maxLength={30} data-testid="organ-name" autoComplete="name" />
            </Form.Item>
            <Form.Item
              name="idNumber"
              label={t('register.idNumber')}
              rules={[
                required,
                {
                  validator: (_, v: string) =>
                    !v || validateIdNumber(v.trim()).ok ? Promise.resolve() : Promise.reject(t('register.idInvalid')),
                },
              ]}
            >
              <Input maxLength={18} data-testid="organ-id-number" />
            </Form.Item>
          </div>
          <div className="organ-card">
            <Form.Item name="scope" label={t('register.scope')} rules={[required]}>
              <Radio.Group
                options={(kind === 'organ' ? (['all', 'some'] as const) : (['whole_body', 'tissue'] as const)).map(
                  (s) => ({ value: s, label: t(`scope.${s}`) }),
                )}
              />
            </Form.Item>
            {showItems && (
              <Form.Item name="items" label={t('register.items')} rules={[required]}>
                <Checkbox.Group options={itemChoices.map((i) => ({ value: i, label: t(`items.${i}`) }))} />
              </Form.Item>
            )}
          </div>
          <div className="organ-card">
            <h3>{t('register.witnesses')}</h3>
            {[1, 2].map((n) => (
              <div className="organ-row" key={n}>
                <Form.Item name={`w${n}name`} label={t('register.witnessName', { n })} rules={[required]}>
                  <Input maxLength={30} data-testid={`organ-w${n}-name`} />
                </Form.Item>
                <Form.Item name={`w${n}phone`} label={t('register.witnessPhone', { n })} rules={[required]}>
                  <Input inputMode="tel" maxLength={14} data-testid={`organ-w${n}-phone`} />
                </Form.Item>
              </div>
            ))}
          </div>
          <div className="organ-card">
            <h3>{t('register.family')}</h3>
            <div className="organ-row">
              <Form.Item name="familyName" label={t('register.familyName')} rules={[required]}>
                <Input maxLength={30} data-testid="organ-family-name" />
              </Form.Item>
              <Form.Item name="familyRelation" label={t('register.relation')} rules={[required]}>
                <Input maxLength={20} data-testid="organ-family-relation" />
              </Form.Item>
            </div>
            <Form.Item name="familyPhone" label={t('register.familyPhone')} rules={[required]}>
              <Input inputMode="tel" maxLength={14} data-testid="organ-family-phone" />
            </Form.Item>
          </div>
          {kind === 'body' && (
            <div className="organ-card">
              <h3>{t('register.executor')}</h3>
              <div className="organ-row">
                <Form.Item name="executorName" label={t('register.familyName')} rules={[required]}>
                  <Input maxLength={30} />
                </Form.Item>
                <Form.Item name="executorRelation" label={t('register.relation')} rules={[required]}>
                  <Input maxLength={20} />
                </Form.Item>
              </div>
              <Form.Item name="executorPhone" label={t('register.familyPhone')} rules={[required]}>
                <Input inputMode="tel" maxLength={14} />
              </Form.Item>
              <Form.Item name="institution" label={t('register.institution')}>
                <Input maxLength={60} />
              </Form.Item>
            </div>
          )}
          <div className="organ-card">
            <div className="organ-consent">{t('register.consentText')}</div>
            <Form.Item
              name="consentAccepted"
              valuePropName="checked"
              rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(t('register.required'))) }]}
            >
              <Checkbox data-testid="organ-consent">{t('register.consent')}</Checkbox>
            </Form.Item>
            <Form.Item
              name="consentSignature"
              label={t('register.signature')}
              extra={t('register.signatureHint')}
              dependencies={['name']}
              rules={[
                required,
                ({ getFieldValue }) => ({
                  validator: (_, v: string) =>
                    !v || v.trim() === String(getFieldValue('name') ?? '').trim()
                      ? Promise.resolve()
                      : Promise.reject(t('register.signatureHint')),
                }),
              ]}
            >
              <Input maxLength={30} data-testid="organ-signature" />
            </Form.Item>
          </div>
          {error && (
            <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="organ-error" />
          )}
          <Button type="primary" htmlType="submit" block loading={register.isPending} data-testid="organ-submit">
            {t('register.submit')}
          </Button>
        </Form>
      </div>
    </PublicShell>
  );
}
