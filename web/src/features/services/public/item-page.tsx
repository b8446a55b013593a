// /services/:code: one service for the public — what to prepare, how long it takes, whether the outcome is posted —
// then, once signed in by phone, the application form generated from the item's schema with the material uploads.
// Items another module fulfils with its own page (relief, online giving) send the citizen there first.
import { CheckCircleOutlined, FileTextOutlined, LoginOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, App, Button, Form, Input, Result, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import type { ItemView } from '../../../../../server/src/modules/services/services.schemas';
import { isApiError } from '../../../app/api-client';
import { useMe } from '../../../app/session';
import { PublicShell } from '../../../components/public-shell';
import { showErrorOnFields } from '../../../components/server-errors';
import { useItem, useSubmitRequest } from '../api';
import { FormFields, type ItemFormValues, MaterialFields, toFileIds } from '../components/item-form-fields';
import { ItemIcon } from '../components/item-icon';
import { usePick } from '../components/labels';
import { maxMaterialMb, typesLabel } from '../components/material-upload';
import { UnitChain } from '../components/unit-chain';
import { toAnswers } from '../form-rules';
import '../components/services.css';

/** Items another module serves on its own public page: the hall points the citizen there first. */
type ModuleText = 'relief' | 'donations' | 'query' | 'memberJoin' | 'membership' | 'stemCell' | 'organ' | 'body';
// Items whose module has its own online flow (`only`): the hall's generic form is not offered for them, so a citizen's
// application always reaches the module that decides it.
const modulePages: Record<string, { to: string; text: ModuleText; only?: true }> = {
  relief: { to: '/relief/apply', text: 'relief' },
  'donate-online': { to: '/projects', text: 'donations' },
  'donation-query': { to: '/disclosure', text: 'query' },
  'member-join': { to: '/members/join', text: 'memberJoin', only: true },
  'member-card': { to: '/my/membership', text: 'membership', only: true },
  'member-dues': { to: '/my/membership', text: 'membership', only: true },
  'stem-cell': { to: '/registry/stem-cell', text: 'stemCell', only: true },
  organ: { to: '/registry/organ/register', text: 'organ', only: true },
  'body-donation': { to: '/registry/organ/register?kind=body', text: 'body', only: true },
};

type ApplyValues = ItemFormValues & { orgId?: number; applicantName?: string };

function ApplyForm({ item }: { item: ItemView }) {
  const { t } = useTranslation(['services', 'common']);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<ApplyValues>();
  const submit = useSubmitRequest();
  const [error, setError] = useState<string | null>(null);

  const onFinish = async (values: ApplyValues) => {
    setError(null);
    try {
      const created = await submit.mutateAsync({
        itemCode: item.code,
        orgId: values.orgId as number,
        applicantName: (values.applicantName ?? '').trim(),
        form: toAnswers(item.formFields, values.form ?? {}),
        fileIds: toFileIds(values.files),
      });
      message.success(t('item.submitted', { no: created.requestNo }));
      navigate(`/requests/${created.id}`);
    } catch (e) {
      // Field problems the server found (body.form.<key>) land on the field; anything else above the button.
      if (isApiError(e) && e.code === 'VALIDATION_FAILED') {
        const issues = (e.details?.issues as { field?: string; message?: string }[] | undefined) ?? [];
        const onFields = issues.filter((i) => i.field?.startsWith('body.form.'));
        if (onFields.length > 0) {
          form.setFields(
            onFields.map((i) => ({
              name: ['form', (i.field ?? '').slice('body.form.'.length)],
              errors: [`${e.message}: ${i.message ?? ''}`],
            })),
          );
          return;
        }
      }
      if (!showErrorOnFields(form, e)) {
        setError(isApiError(e) ? e.message : String(e));
      }
    }
  };

  return (
    <Form<ApplyValues>
      form={form}
      layout="vertical"
      size="large"
      onFinish={onFinish}
      scrollToFirstError={{ behavior: 'smooth', block: 'center' }}
      data-testid="apply-form"
    >
      <section className="svc-card">
        <h2>{t('item.apply')}</h2>
        <Form.Item
          name="orgId"
          label={t('item.unit')}
          extra={t('item.unitHint')}
          rules={[{ required: true, message: t('item.unitRequired') }]}
        >
          <UnitChain />
        </Form.Item>
        <Form.Item
          name="applicantName"
          label={t('item.applicantName')}
          rules={[{ required: true, whitespace: true, max: 50, message: t('item.applicantNameRequired') }]}
        >
          <Input maxLength={50} autoComplete="name" data-testid="applicant-name" />
        </Form.Item>
        <FormFields fields={item.formFields} />
      </section>
      {item.materials.length > 0 && (
        <section className="svc-card" style={{ marginTop: 16 }}>
          <h2>{t('item.uploads')}</h2>
          <MaterialFields item={item} />
        </section>
      )}
      <p className="svc-muted" style={{ margin: '12px 4px' }}>
        {t('item.privacy')}
      </p>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="apply-error" />}
      <Button type="primary" htmlType="submit" block size="large" loading={submit.isPending} data-testid="apply-submit">
        {t('item.submit')}
      </Button>
    </Form>
  );
}

function Fact({ label, children, wide }: { label: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <div className={wide ? 'svc-fact-wide' : undefined}>
      <div className="svc-fact-label">{label}</div>
      <div className="svc-fact-value">{children}</div>
    </div>
  );
}

export function ItemPage() {
  const { code = '' } = useParams();
  const { t } = useTranslation(['services', 'common']);
  const { pick } = usePick();
  const location = useLocation();
  const item = useItem(code);
  const { data: me, isLoading: meLoading } = useMe();

  if (item.isLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  if (!item.data) {
    const missing = isApiError(item.error) && item.error.status === 404;
    return (
      <PublicShell>
        <Result
          status={missing ? '404' : 'error'}
          title={missing ? t('item.notFound') : t('common:errors.loadFailed')}
          subTitle={missing ? undefined : item.error?.message}
          extra={
            <Link to="/services">
              <Button type="primary">{t('hall.title')}</Button>
            </Link>
          }
        />
      </PublicShell>
    );
  }

  const it = item.data;
  const modulePage = modulePages[it.code] ?? (it.fulfilledBy === 'relief' ? modulePages.relief : undefined);
  const next = encodeURIComponent(location.pathname);

  return (
    <PublicShell>
      <div className="svc-page" data-testid="item-page">
        <section className="svc-hero">
          <span className="svc-item-icon">
            <ItemIcon code={it.code} categoryCode={it.categoryCode} />
          </span>
          <div style={{ minWidth: 0 }}>
            <h1 className="svc-title" data-testid="item-name">
              {pick(it)}
            </h1>
            {(it.descriptionZh || it.descriptionEn) && (
              <p className="svc-lead">{pick(it.descriptionZh, it.descriptionEn)}</p>
            )}
          </div>
        </section>

        {!it.isActive && <Alert type="warning" showIcon title={t('item.inactive')} />}

        <section className="svc-card svc-facts" data-testid="item-facts">
          <Fact label={t('item.timeLimit')} wide>
            {t('item.timeLimitValue', { count: it.timeLimitDays })}
            <div className="svc-muted" style={{ fontWeight: 400 }} data-testid="item-expected">
              {t('item.expected', { date: it.expectedDoneOn })}
            </div>
          </Fact>
          <Fact label={t('item.level')}>{t('item.levelValue', { level: t(`levels.${it.handlingLevel}`) })}</Fact>
          <Fact label={t('item.notice')}>{it.needsPublicNotice ? t('item.noticeYes') : t('item.noticeNo')}</Fact>
        </section>

        {modulePage && (
          <Alert
            type="info"
            showIcon
            title={t(`item.moduleLink.${modulePage.text}`)}
            description={
              <Link to={modulePage.to}>
                <Button
                  type="primary"
                  block
                  icon={<RightOutlined />}
                  iconPlacement="end"
                  style={{ marginTop: 8 }}
                  data-testid="module-link"
                >
                  {t(`item.moduleButton.${modulePage.text}`)}
                </Button>
              </Link>
            }
          />
        )}

        <section className="svc-card" data-testid="item-materials">
          <h2>
            <FileTextOutlined />
            {t('item.materials')}
          </h2>
          {it.materials.length === 0 ? (
            <span className="svc-muted">{t('item.noMaterials')}</span>
          ) : (
            <ul className="svc-materials">
              {it.materials.map((m) => (
                <li key={m.key}>
                  <CheckCircleOutlined />
                  <div>
                    <div>
                      {pick(m.nameZh, m.nameEn)}
                      <span className={m.required ? 'svc-req' : 'svc-opt'}>
                        {m.required ? t('item.required') : t('item.optional')}
                      </span>
                    </div>
                    <div className="svc-muted">
                      {m.hintZh || m.hintEn ? `${pick(m.hintZh ?? '', m.hintEn)} · ` : ''}
                      {t('item.fileTypes', { types: typesLabel(m), mb: maxMaterialMb })}
                    </div>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>

        {it.isActive && meLoading && <Spin style={{ display: 'block', margin: '16px auto' }} />}
        {it.isActive && !meLoading && !me && (
          <section className="svc-card" data-testid="sign-in-first">
            <h2>
              <LoginOutlined />
              {t('item.signInTitle')}
            </h2>
            <p className="svc-muted" style={{ marginTop: 0 }}>
              {t('item.signInHint')}
            </p>
            <Link to={`/login?next=${next}`}>
              <Button type="primary" block size="large" data-testid="sign-in-to-apply">
                {t('item.signIn')}
              </Button>
            </Link>
          </section>
        )}
        {it.isActive && me?.kind === 'staff' && <Alert type="warning" showIcon title={t('item.staffAccount')} />}
        {it.isActive && me?.kind === 'public' && !modulePage?.only && <ApplyForm item={it} />}
      </div>
    </PublicShell>
  );
}
