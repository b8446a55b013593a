// /v/register: a member of the public registers as a volunteer of a unit on a phone — skills, languages, weekly
// availability, emergency contact, and a guardian's consent under 18. Staff approve it.
import { Alert, Button, Checkbox, Form, Input, Result, Select } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useMe } from '../../../app/session';
import { EvidenceUpload } from '../../../components/evidence-upload';
import { PublicShell } from '../../../components/public-shell';
import { skillCodes, useOpenActivities, useRegisterSelf } from '../api';
import '../volunteers.css';
import { chinaToday } from '../../../lib/china-time';

type Values = {
  orgId: number;
  name: string;
  idNumber: string;
  skills: string[];
  languages: string[];
  availability: string[];
  emergencyName: string;
  emergencyPhone: string;
  guardianName?: string;
  guardianPhone?: string;
  consentFileId?: string;
};

/** Under 18 on today's date, from the birth date inside an 18-digit ID number. */
function isMinorId(id: string | undefined): boolean {
  const m = /^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dXx]$/.exec(id?.trim() ?? '');
  if (!m) {
    return false;
  }
  const [year, month, day] = chinaToday().split('-').map(Number);
  const age = year - Number(m[1]) - (month < Number(m[2]) || (month === Number(m[2]) && day < Number(m[3])) ? 1 : 0);
  return age < 18;
}

export function VolunteerRegisterPage() {
  const { t } = useTranslation('volunteers');
  const { data: me } = useMe();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const idNumber = Form.useWatch('idNumber', form);
  const minor = isMinorId(idNumber);
  const open = useOpenActivities();
  const register = useRegisterSelf();
  const units = useMemo(() => {
    const seen = new Map<number, string>();
    for (const a of open.data ?? []) {
      seen.set(a.orgId, a.orgName);
    }
    return [...seen.entries()].map(([value, label]) => ({ value, label }));
  }, [open.data]);
  const slots = t('slots', { returnObjects: true }) as string[];
  const days = t('days', { returnObjects: true }) as string[];

  if (me?.kind !== 'public') {
    return (
      <PublicShell>
        <div className="vol-page">
          <Link to="/login?next=%2Fv%2Fregister">
            <Button type="primary" size="large" block>
              {t('public.signIn')}
            </Button>
          </Link>
        </div>
      </PublicShell>
    );
  }
  if (register.data) {
    return (
      <PublicShell>
        <Result
          status="success"
          title={t('public.registered')}
          extra={
            <Button size="large" onClick={() => navigate('/v')}>
              {t('public.back')}
            </Button>
          }
        />
      </PublicShell>
    );
  }
  const submit = (v: Values) => {
    const availability = Array.from({ length: 7 }, (_, d) =>
      [0, 1, 2].reduce((bits, s) => (v.availability?.includes(`${d}-${s}`) ? bits | (1 << s) : bits), 0),
    );
    register.mutate({
      orgId: v.orgId,
      name: v.name,
      idNumber: v.idNumber,
      skills: (v.skills ?? []) as never,
      languages: v.languages ?? [],
      availability,
      emergencyContact: { name: v.emergencyName, phone: v.emergencyPhone },
      guardian:
        minor && v.consentFileId
          ? { name: v.guardianName ?? '', phone: v.guardianPhone ?? '', consentFileId: v.consentFileId }
          : undefined,
      note: '',
    });
  };
  return (
    <PublicShell>
      <div className="vol-page" data-testid="volunteer-register-page">
        <h1 className="vol-title">{t('public.regTitle')}</h1>
        <Form form={form} layout="vertical" onFinish={submit} size="large">
          <Form.Item name="orgId" label={t('public.unit')} rules={[{ required: true }]}>
            <Select options={units} data-testid="reg-org" />
          </Form.Item>
          <Form.Item name="name" label={t('public.name')} rules={[{ required: true, max: 50 }]}>
            <Input data-testid="reg-name" />
          </Form.Item>
          <Form.Item name="idNumber" label={t('public.idNumber')} rules={[{ required: true, min: 15, max: 18 }]}>
            <Input data-testid="reg-id" />
          </Form.Item>
          <Form.Item name="skills" label={t('public.skills')}>
            <Checkbox.Group
              options={skillCodes.map((s) => ({ value: s, label: t(`skills.${s}` as 'skills.other') }))}
            />
          </Form.Item>
          <Form.Item name="languages" label={t('public.languages')} extra={t('public.languagesHint')}>
            <Select mode="tags" tokenSeparators={[',', '，', '、']} open={false} />
          </Form.Item>
          <Form.Item name="availability" label={t('public.availability')}>
            <Checkbox.Group style={{ display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: 4 }}>
              {days.flatMap((d, di) =>
                slots.map((s, si) => (
                  <Checkbox key={`${d}${s}`} value={`${di}-${si}`}>
                    {d}
                    {s}
                  </Checkbox>
                )),
              )}
            </Checkbox.Group>
          </Form.Item>
          <h3>{t('public.emergency')}</h3>
          <Form.Item name="emergencyName" label={t('public.emergencyName')} rules={[{ required: true, max: 50 }]}>
            <Input data-testid="reg-emergency-name" />
          </Form.Item>
          <Form.Item name="emergencyPhone" label={t('public.emergencyPhone')} rules={[{ required: true }]}>
            <Input inputMode="tel" data-testid="reg-emergency-phone" />
          </Form.Item>
          {minor ? (
            <>
              <Alert type="info" showIcon message={t('public.guardianNote')} style={{ marginBottom: 12 }} />
              <Form.Item name="guardianName" label={t('public.guardianName')} rules={[{ required: true }]}>
                <Input />
              </Form.Item>
              <Form.Item name="guardianPhone" label={t('public.guardianPhone')} rules={[{ required: true }]}>
                <Input inputMode="tel" />
              </Form.Item>
              <Form.Item name="consentFileId" label={t('public.guardianConsent')} rules={[{ required: true }]}>
                <EvidenceUpload />
              </Form.Item>
            </>
          ) : null}
          {register.error ? (
            <Alert type="error" showIcon message={(register.error as Error).message} style={{ marginBottom: 12 }} />
          ) : null}
          <Button type="primary" htmlType="submit" block loading={register.isPending} data-testid="reg-submit">
            {t('public.submit')}
          </Button>
        </Form>
      </div>
    </PublicShell>
  );
}
