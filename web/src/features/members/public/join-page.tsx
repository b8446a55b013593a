// /members/join — a signed-in citizen applies for membership on the phone: the unit (chosen down the tree), kind,
// name, ID number, workplace or school, address; under 14 a guardian with a signed consent. Staff admit it.
import { Alert, Button, Checkbox, Form, Input, Radio, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { useMe } from '../../../app/session';
import { EvidenceUpload } from '../../../components/evidence-upload';
import { PublicShell } from '../../../components/public-shell';
import { UnitChain } from '../../services/components/unit-chain';
import { useJoin, useMyMembership } from '../api';
import '../members.css';
import { chinaToday } from '../../../lib/china-time';

type Values = {
  orgId: number;
  category: 'ordinary' | 'youth';
  name: string;
  idNumber: string;
  workplace?: string;
  address?: string;
  guardianName?: string;
  guardianPhone?: string;
  consentFileId?: string;
  statutes: boolean;
};

/** Age in full years today from the birth date inside an 18-digit ID number, or null. */
export function ageFromId(id: string | undefined, today = new Date()): number | null {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dXx]$/.exec(id?.trim() ?? '');
  if (!m) {
    return null;
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [year, month, day] = chinaToday(today).split('-').map(Number);
  return year - y - (month < mo || (month === mo && day < d) ? 1 : 0);
}

export function MemberJoinPage() {
  const { t } = useTranslation('members');
  const { data: me, isLoading } = useMe();
  const isPublic = me?.kind === 'public';
  const mine = useMyMembership(isPublic);
  const join = useJoin();
  const [form] = Form.useForm<Values>();
  const age = ageFromId(Form.useWatch('idNumber', form));
  const needsGuardian = age !== null && age < 14;

  if (isLoading) {
    return <PublicShell>{null}</PublicShell>;
  }
  if (!isPublic) {
    return (
      <PublicShell>
        <div className="mem-page">
          <h1 className="mem-title">{t('join.title')}</h1>
          <p className="mem-muted">{t('join.intro')}</p>
          <Link to="/login?next=%2Fmembers%2Fjoin">
            <Button type="primary" size="large" block data-testid="member-join-sign-in">
              {t('join.signIn')}
            </Button>
          </Link>
        </div>
      </PublicShell>
    );
  }
  const existing = mine.data?.member;
  if (join.data || (existing && existing.status !== 'rejected')) {
    return (
      <PublicShell>
        <Result
          status="success"
          title={join.data ? t('join.submitted') : t('join.already')}
          subTitle={join.data ? t('join.submittedHint') : undefined}
          extra={
            <Link to="/my/membership">
              <Button type="primary" size="large" data-testid="member-join-to-mine">
                {t('join.toMine')}
              </Button>
            </Link>
          }
        />
      </PublicShell>
    );
  }
  const submit = (v: Values) => {
    join.mutate({
      orgId: v.orgId,
      category: v.category,
      name: v.name,
      idNumber: v.idNumber,
      workplace: v.workplace || undefined,
      address: v.address || undefined,
      guardian:
        needsGuardian && v.consentFileId
          ? { name: v.guardianName ?? '', phone: v.guardianPhone ?? '', consentFileId: v.consentFileId }
          : undefined,
    });
  };
  const error = join.error;
  return (
    <PublicShell>
      <div className="mem-page" data-testid="member-join-page">
        <h1 className="mem-title">{t('join.title')}</h1>
        <p className="mem-muted">{t('join.intro')}</p>
        <Form
          form={form}
          layout="vertical"
          size="large"
          onFinish={submit}
          initialValues={{ category: 'ordinary', statutes: false }}
        >
          <Form.Item name="orgId" label={t('join.unit')} extra={t('join.unitHint')} rules={[{ required: true }]}>
            <UnitChain testIdPrefix="member-unit" />
          </Form.Item>
          <Form.Item
            name="category"
            label={t('join.category')}
            extra={age !== null && age < 18 ? t('join.youthHint') : undefined}
          >
            <Radio.Group optionType="button" buttonStyle="solid" data-testid="member-join-category">
              <Radio.Button value="ordinary">{t('category.ordinary')}</Radio.Button>
              <Radio.Button value="youth">{t('category.youth')}</Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Form.Item name="name" label={t('join.name')} rules={[{ required: true, max: 50 }]}>
            <Input autoComplete="name" data-testid="member-join-name" />
          </Form.Item>
          <Form.Item name="idNumber" label={t('join.idNumber')} rules={[{ required: true, min: 15, max: 18 }]}>
            <Input data-testid="member-join-id" />
          </Form.Item>
          <Form.Item label={t('join.phone')} extra={t('join.phoneHint')}>
            <Input value={me.phoneMasked ?? ''} disabled />
          </Form.Item>
          <Form.Item name="workplace" label={t('join.workplace')} rules={[{ max: 100 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="address" label={t('join.address')} rules={[{ max: 200 }]}>
            <Input />
          </Form.Item>
          {needsGuardian ? (
            <>
              <Alert type="info" showIcon title={t('join.guardianNote')} style={{ marginBottom: 12 }} />
              <Form.Item name="guardianName" label={t('join.guardianName')} rules={[{ required: true, max: 50 }]}>
                <Input />
              </Form.Item>
              <Form.Item name="guardianPhone" label={t('join.guardianPhone')} rules={[{ required: true }]}>
                <Input inputMode="tel" />
              </Form.Item>
              <Form.Item name="consentFileId" label={t('join.guardianConsent')} rules={[{ required: true }]}>
                <EvidenceUpload />
              </Form.Item>
            </>
          ) : null}
          <Form.Item
            name="statutes"
            valuePropName="checked"
            rules={[{ validator: (_, v) => (v ? Promise.resolve() : Promise.reject(new Error(t('join.statutes')))) }]}
          >
            <Checkbox data-testid="member-join-statutes">{t('join.statutes')}</Checkbox>
          </Form.Item>
          {error ? (
            <Alert
              type="error"
              showIcon
              title={isApiError(error) ? error.message : String(error)}
              style={{ marginBottom: 12 }}
              data-testid="member-join-error"
            />
          ) : null}
          <Button type="primary" htmlType="submit" block loading={join.isPending} data-testid="member-join-submit">
            {t('join.submit')}
          </Button>
        </Form>
      </div>
    </PublicShell>
  );
}
