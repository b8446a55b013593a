// /grievances/new: anyone files a complaint or objection from a phone — about a relief case, a payout, a service
// request or something else — anonymously if they wish, and keeps the number and the one-time lookup code.
import { CheckCircleFilled, CopyOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Cascader, Form, Input, message, Radio, Segmented, Switch } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { isApiError } from '../../../app/api-client';
import { PublicShell } from '../../../components/public-shell';
import { showErrorOnFields } from '../../../components/server-errors';
import { type FileGrievance, fetchUnits, type UnitOption, useFileGrievance } from '../api';
import '../grievances.css';

type SubjectKind = FileGrievance['subjectKind'];
const subjectKinds: SubjectKind[] = ['relief_case', 'payout', 'service_request', 'other'];

type UnitNode = { value: number; label: string; isLeaf: boolean; children?: UnitNode[] };
const toNode = (u: UnitOption): UnitNode => ({ value: u.id, label: u.name, isLeaf: !u.hasChildren });

/** A lazily loaded cascade of the units a citizen may address. */
function UnitCascader({ onChange }: { onChange: (id: number | undefined) => void }) {
  const { t } = useTranslation('grievances');
  const [options, setOptions] = useState<UnitNode[] | null>(null);
  useEffect(() => {
    fetchUnits()
      .then((us) => setOptions(us.map(toNode)))
      .catch(() => setOptions([]));
  }, []);
  return (
    <Cascader<UnitNode>
      options={options ?? []}
      changeOnSelect
      size="large"
      placeholder={t('file.unitHint')}
      loadData={async (path) => {
        const node = path[path.length - 1];
        node.children = (await fetchUnits(node.value)).map(toNode);
        setOptions((o) => [...(o ?? [])]);
      }}
      onChange={(value) => onChange(value?.length ? Number(value[value.length - 1]) : undefined)}
      data-testid="grievance-unit"
    />
  );
}

type Values = { content: string; subjectRef?: string; name?: string; phone?: string };

export function NewGrievancePage() {
  const { t } = useTranslation(['grievances', 'common']);
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [kind, setKind] = useState<'complaint' | 'objection'>('complaint');
  const [subject, setSubject] = useState<SubjectKind>('relief_case');
  const [orgId, setOrgId] = useState<number | undefined>();
  const [anonymous, setAnonymous] = useState(false);
  const [lookup, setLookup] = useState({ no: '', code: '' });
  const file = useFileGrievance();
  const filed = file.data;

  const submit = (v: Values) => {
    file.mutate(
      {
        kind,
        subjectKind: subject,
        subjectRef: subject === 'other' ? undefined : v.subjectRef,
        orgId: subject === 'other' ? orgId : undefined,
        content: v.content,
        isAnonymous: anonymous,
        name: anonymous ? undefined : v.name || undefined,
        phone: anonymous ? undefined : v.phone || undefined,
      },
      {
        onError: (error) => {
          if (!showErrorOnFields(form, error)) {
            void message.error(isApiError(error) ? error.message : String(error));
          }
        },
      },
    );
  };

  if (filed) {
    const followUrl = `/grievances/${filed.grievanceNo}?code=${encodeURIComponent(filed.lookupCode)}`;
    return (
      <PublicShell>
        <div className="gv-page" data-testid="grievance-filed">
          <div className="gv-card" style={{ textAlign: 'center' }}>
            <CheckCircleFilled style={{ fontSize: 44, color: '#52c41a' }} />
            <h1 className="gv-title">{t('file.filed')}</h1>
            <p className="gv-lead">{t('file.filedHint')}</p>
          </div>
          <div className="gv-card">
            <dl className="gv-facts">
              <dt>{t('file.number')}</dt>
              <dd className="gv-mono" data-testid="filed-no">
                {filed.grievanceNo}
              </dd>
              <dt>{t('file.code')}</dt>
              <dd>
                <span className="gv-code" data-testid="filed-code">
                  {filed.lookupCode}
                </span>
              </dd>
              <dt>{t('file.handledBy')}</dt>
              <dd>{filed.orgName}</dd>
              <dt>{t('file.dueOn')}</dt>
              <dd>{filed.dueOn}</dd>
            </dl>
            <Button
              block
              icon={<CopyOutlined />}
              style={{ marginTop: 14 }}
              onClick={() => {
                void navigator.clipboard
                  ?.writeText(`${filed.grievanceNo} ${filed.lookupCode}`)
                  .then(() => message.success(t('file.copied')));
              }}
            >
              {t('file.copy')}
            </Button>
          </div>
          <Link to={followUrl}>
            <Button type="primary" size="large" block>
              {t('file.follow')}
            </Button>
          </Link>
        </div>
      </PublicShell>
    );
  }

  return (
    <PublicShell>
      <div className="gv-page" data-testid="grievance-new">
        <div>
          <h1 className="gv-title">{t('file.title')}</h1>
          <p className="gv-lead">{t('file.intro')}</p>
        </div>
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} size="large">
          <div className="gv-card">
            <Form.Item label={t('file.kind')}>
              <Segmented<'complaint' | 'objection'>
                block
                value={kind}
                onChange={setKind}
                options={[
                  { value: 'complaint', label: t('kinds.complaint') },
                  { value: 'objection', label: t('kinds.objection') },
                ]}
                data-testid="grievance-kind"
              />
            </Form.Item>
            <Form.Item label={t('file.subject')}>
              <Radio.Group
                className="gv-subjects"
                optionType="button"
                buttonStyle="solid"
                value={subject}
                onChange={(e) => setSubject(e.target.value)}
                options={subjectKinds.map((k) => ({ value: k, label: t(`subjects.${k}`) }))}
                data-testid="grievance-subject"
              />
            </Form.Item>
            {subject === 'other' ? (
              <Form.Item label={t('file.unit')}>
                <UnitCascader onChange={setOrgId} />
              </Form.Item>
            ) : (
              <Form.Item
                name="subjectRef"
                label={t(`subjectRefs.${subject}`)}
                extra={t(`subjectHints.${subject}`)}
                rules={[{ required: true, min: 4, message: t('common.required') }]}
              >
                <Input autoComplete="off" className="gv-mono" data-testid="grievance-ref" />
              </Form.Item>
            )}
            <Form.Item
              name="content"
              label={t('file.content')}
              rules={[{ required: true, min: 5, message: t('file.contentPlaceholder') }]}
            >
              <Input.TextArea
                rows={5}
                maxLength={2000}
                showCount
                placeholder={t('file.contentPlaceholder')}
                data-testid="grievance-content"
              />
            </Form.Item>
          </div>
          <div className="gv-card" style={{ marginTop: 14 }}>
            <div className="gv-switch-row">
              <div>
                <div style={{ fontSize: 15 }}>{t('file.anonymous')}</div>
                <div className="gv-muted">{t('file.anonymousHint')}</div>
              </div>
              <Switch checked={anonymous} onChange={setAnonymous} data-testid="grievance-anonymous" />
            </div>
            {!anonymous && (
              <div style={{ marginTop: 14 }}>
                <Form.Item name="name" label={t('file.name')}>
                  <Input maxLength={50} autoComplete="name" />
                </Form.Item>
                <Form.Item name="phone" label={t('file.phone')} extra={t('file.phoneHint')}>
                  <Input inputMode="tel" maxLength={20} autoComplete="tel" />
                </Form.Item>
              </div>
            )}
          </div>
          {file.error && !isApiError(file.error) && (
            <Alert type="error" showIcon title={String(file.error)} style={{ marginTop: 14 }} />
          )}
          <Button
            type="primary"
            htmlType="submit"
            block
            size="large"
            loading={file.isPending}
            style={{ marginTop: 16 }}
            data-testid="grievance-submit"
          >
            {t('file.submit')}
          </Button>
        </Form>
        <div className="gv-card">
          <h2>{t('file.lookupTitle')}</h2>
          <Input
            placeholder={t('file.number')}
            value={lookup.no}
            onChange={(e) => setLookup({ ...lookup, no: e.target.value.trim() })}
            className="gv-mono"
            style={{ marginBottom: 8 }}
          />
          <Input
            placeholder={t('file.code')}
            value={lookup.code}
            onChange={(e) => setLookup({ ...lookup, code: e.target.value.trim() })}
            className="gv-mono"
            style={{ marginBottom: 8 }}
          />
          <Button
            block
            icon={<SearchOutlined />}
            disabled={!lookup.no || !lookup.code}
            onClick={() => navigate(`/grievances/${lookup.no}?code=${encodeURIComponent(lookup.code)}`)}
          >
            {t('file.lookup')}
          </Button>
        </div>
      </div>
    </PublicShell>
  );
}
