// 志愿者: volunteers of the scope unit's subtree — search, approve or reject pending registrations, and a detail drawer
// with contacts (masked), availability, this year's hours against full registration, the record and a certificate.
import { Button, Descriptions, Drawer, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { chinaYear, formatDateMinute } from '../../../lib/china-time';
import {
  useDecideVolunteer,
  useVolunteerRecord,
  useVolunteers,
  type VolunteerView,
  volunteerCertificateUrl,
} from '../api';

const hours = (m: number) => (m / 60).toFixed(1);

function Detail({ v, onClose }: { v: VolunteerView | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('volunteers');
  const record = useVolunteerRecord(v?.id ?? null);
  const days = t('days', { returnObjects: true }) as string[];
  const slots = t('slots', { returnObjects: true }) as string[];
  const year = chinaYear();
  return (
    <Drawer open={!!v} onClose={onClose} width={560} title={v ? `${v.name} · ${v.volunteerNo ?? ''}` : ''}>
      {v ? (
        <>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('admin.status')}>{t(`status.${v.status}`)}</Descriptions.Item>
            <Descriptions.Item label={t('admin.unit')}>{v.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('admin.phone')}>{v.phoneMasked}</Descriptions.Item>
            <Descriptions.Item label={t('admin.registeredVia')}>{t(`admin.via.${v.registeredVia}`)}</Descriptions.Item>
            <Descriptions.Item label={t('admin.skills')}>
              {v.skills.map((s) => t(`skills.${s}` as 'skills.other')).join('、')} {v.languages.join('、')}
            </Descriptions.Item>
            <Descriptions.Item label={t('admin.availability')}>
              {v.availability
                .flatMap((bits, d) => slots.filter((_, s) => bits & (1 << s)).map((s) => `${days[d]}${s}`))
                .join(' ')}
            </Descriptions.Item>
            <Descriptions.Item label={t('admin.emergency')}>
              {v.emergencyName} {v.emergencyPhoneMasked}
            </Descriptions.Item>
            {v.isMinor ? (
              <Descriptions.Item label={t('admin.guardian')}>
                <Tag color="orange">{t('admin.minor')}</Tag> {v.guardianName} {v.guardianPhoneMasked}
                {v.guardianConsentFileId ? (
                  <a href={`/api/files/${v.guardianConsentFileId}`} target="_blank" rel="noreferrer">
                    {' '}
                    📎
                  </a>
                ) : null}
              </Descriptions.Item>
            ) : null}
            <Descriptions.Item label={t('admin.hoursThisYear')}>
              {hours(v.minutesThisYear)} / {v.fullRegistrationHours}{' '}
              {v.isFullyRegistered ? <Tag color="green">{t('admin.full')}</Tag> : null}
            </Descriptions.Item>
          </Descriptions>
          <h3 style={{ marginTop: 16 }}>
            {t('admin.record')} · {t('admin.total')} {hours(record.data?.totalMinutes ?? 0)} h
          </h3>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={record.data?.records ?? []}
            columns={[
              { title: t('admin.title'), dataIndex: 'activityTitle' },
              {
                title: t('admin.time'),
                dataIndex: 'startedAt',
                render: (x: string) => formatDateMinute(x, i18n.language),
              },
              { title: 'h', dataIndex: 'minutes', render: (m: number) => hours(m) },
            ]}
          />
          {v.status === 'approved' ? (
            <a href={volunteerCertificateUrl(v.id, `${year}-01-01`, `${year}-12-31`)} target="_blank" rel="noreferrer">
              <Button style={{ marginTop: 12 }}>
                {t('admin.certificate')} ({year})
              </Button>
            </a>
          ) : null}
        </>
      ) : null}
    </Drawer>
  );
}

export function VolunteersPage() {
  const { t } = useTranslation('volunteers');
  const { unitId } = useScope();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [status, setStatus] = useState<string | undefined>(undefined);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<VolunteerView | null>(null);
  const list = useVolunteers({ orgId: orgId ?? unitId ?? undefined, status, q: q || undefined, page, pageSize: 20 });
  const decide = useDecideVolunteer();
  return (
    <div data-testid="volunteers-page">
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgPicker
          value={orgId ?? unitId ?? undefined}
          onChange={(v) => setOrgId(v ?? undefined)}
          style={{ width: 260 }}
        />
        <Select
          allowClear
          placeholder={t('admin.allStatus')}
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={(['pending', 'approved', 'rejected'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))}
        />
        <Input.Search placeholder={t('admin.search')} allowClear onSearch={setQ} style={{ width: 220 }} />
      </Space>
      <Table
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('admin.no'), dataIndex: 'volunteerNo' },
          { title: t('admin.name'), dataIndex: 'name' },
          { title: t('admin.unit'), dataIndex: 'orgName' },
          { title: t('admin.phone'), dataIndex: 'phoneMasked' },
          {
            title: t('admin.skills'),
            dataIndex: 'skills',
            render: (s: string[]) => s.map((x) => <Tag key={x}>{t(`skills.${x}` as 'skills.other')}</Tag>),
          },
          {
            title: t('admin.hoursThisYear'),
            render: (_: unknown, v: VolunteerView) => (
              <span>
                {hours(v.minutesThisYear)} {v.isFullyRegistered ? <Tag color="green">{t('admin.full')}</Tag> : null}
              </span>
            ),
          },
          {
            title: t('admin.status'),
            dataIndex: 'status',
            render: (s: 'pending' | 'approved' | 'rejected') => (
              <Tag color={s === 'approved' ? 'green' : s === 'pending' ? 'gold' : 'default'}>{t(`status.${s}`)}</Tag>
            ),
          },
          {
            title: '',
            render: (_: unknown, v: VolunteerView) => (
              <Space>
                <Button size="small" onClick={() => setOpen(v)}>
                  {t('admin.detail')}
                </Button>
                {v.status === 'pending' ? (
                  <>
                    <Button
                      size="small"
                      type="primary"
                      onClick={() => decide.mutate({ id: v.id, approve: true })}
                      data-testid={`approve-${v.id}`}
                    >
                      {t('admin.approve')}
                    </Button>
                    <Button size="small" danger onClick={() => decide.mutate({ id: v.id, approve: false })}>
                      {t('admin.reject')}
                    </Button>
                  </>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      <Detail v={open} onClose={() => setOpen(null)} />
    </div>
  );
}
