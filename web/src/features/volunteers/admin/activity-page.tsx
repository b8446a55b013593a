// An activity in the console: publish or cancel, the coordinator's full-screen rotating QR, and the attendance sheet
// (sign-ups, check-ins and check-outs, computed minutes, missing check-outs flagged) with bulk approval and
// corrections with a reason.
import { Alert, Button, DatePicker, Descriptions, Form, Input, Modal, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { chinaPicker, formatClockMinute, formatDateMinute, toChinaIso } from '../../../lib/china-time';
import {
  type Attendance,
  useActivityAction,
  useApproveHours,
  useAttendance,
  useCheckinQr,
  useCorrectHours,
} from '../api';
import '../volunteers.css';

type Row = Attendance['rows'][number];

function QrScreen({ id, title, onClose }: { id: string; title: string; onClose: () => void }) {
  const { t } = useTranslation('volunteers');
  const qr = useCheckinQr(id);
  return (
    <div className="vol-qr-screen" data-testid="qr-screen">
      <Button className="vol-qr-close" size="large" onClick={onClose} data-testid="qr-close">
        {t('admin.exitFullScreen')}
      </Button>
      <h1>{title}</h1>
      <div style={{ fontSize: 22 }}>{t('admin.qrTitle')}</div>
      {qr.data ? (
        <>
          <img
            className="vol-qr-box"
            alt={qr.data.url}
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qr.data.svg)}`}
          />
          <a href={qr.data.url} data-testid="qr-url" style={{ fontSize: 12, color: '#999' }}>
            {qr.data.url}
          </a>
          <div className="vol-muted">{t('admin.qrNext', { s: qr.data.secondsLeft })}</div>
        </>
      ) : qr.error ? (
        <Alert type="error" message={(qr.error as Error).message} />
      ) : null}
      <div style={{ maxWidth: 640 }}>{t('admin.qrHint')}</div>
    </div>
  );
}

export function VolunteerActivityConsolePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('volunteers');
  const sheet = useAttendance(id);
  const action = useActivityAction(id);
  const approve = useApproveHours(id);
  const correct = useCorrectHours(id);
  const [qr, setQr] = useState(false);
  const [fixing, setFixing] = useState<Row | null>(null);
  const a = sheet.data?.activity;
  const time = formatClockMinute;
  if (!a) {
    return sheet.error ? <Alert type="error" message={(sheet.error as Error).message} /> : null;
  }
  return (
    <div data-testid="volunteer-activity-console">
      {qr ? <QrScreen id={id} title={a.title} onClose={() => setQr(false)} /> : null}
      <Space wrap style={{ marginBottom: 12 }}>
        <h2 style={{ margin: 0 }}>{a.title}</h2>
        <Tag>{t(`activityStatus.${a.status}`)}</Tag>
        {a.status === 'draft' ? (
          <Button type="primary" onClick={() => action.mutate('publish')} data-testid="publish-activity">
            {t('admin.publish')}
          </Button>
        ) : null}
        {a.status === 'published' ? (
          <Button type="primary" onClick={() => setQr(true)} data-testid="open-qr">
            {t('admin.qr')}
          </Button>
        ) : null}
        {a.status !== 'cancelled' ? (
          <Button danger onClick={() => action.mutate('cancel')}>
            {t('admin.cancelActivity')}
          </Button>
        ) : null}
      </Space>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('admin.time')}>
          {formatDateMinute(a.startsAt, i18n.language)} – {time(a.endsAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('admin.place')}>
          {a.place} ({a.lat.toFixed(4)}, {a.lng.toFixed(4)}; {a.geofenceM} m)
        </Descriptions.Item>
        <Descriptions.Item label={t('admin.signups')}>
          {a.confirmedCount}/{a.capacity} {a.allowWalkIns ? <Tag color="blue">{t('admin.walkIns')}</Tag> : null}
        </Descriptions.Item>
      </Descriptions>
      <Space style={{ marginBottom: 8 }}>
        <h3 style={{ margin: 0 }}>{t('admin.attendance')}</h3>
        <Button
          type="primary"
          loading={approve.isPending}
          onClick={() => approve.mutate(undefined)}
          data-testid="approve-hours"
        >
          {t('admin.approveAll')}
        </Button>
      </Space>
      {approve.data ? (
        <Alert
          type="success"
          showIcon
          style={{ marginBottom: 8 }}
          message={t('admin.approveDone', { n: approve.data.approved, s: approve.data.skipped.length })}
          data-testid="approve-result"
        />
      ) : null}
      {approve.error ? <Alert type="error" showIcon message={(approve.error as Error).message} /> : null}
      <Table
        rowKey="volunteerId"
        size="small"
        dataSource={sheet.data?.rows ?? []}
        pagination={false}
        columns={[
          { title: t('admin.name'), dataIndex: 'name' },
          { title: t('admin.no'), dataIndex: 'volunteerNo' },
          {
            title: t('admin.signup'),
            dataIndex: 'signup',
            render: (s: Row['signup'], r: Row) =>
              r.isWalkIn ? <Tag color="blue">{t('admin.walkIn')}</Tag> : s ? t(`signup.${s}`) : '',
          },
          { title: t('admin.checkedIn'), dataIndex: 'checkedInAt', render: time },
          {
            title: t('admin.checkedOut'),
            dataIndex: 'checkedOutAt',
            render: (x: string | null, r: Row) =>
              r.isMissingCheckout ? <Tag color="orange">{t('admin.missingCheckout')}</Tag> : time(x),
          },
          { title: t('admin.computed'), dataIndex: 'computedMinutes' },
          {
            title: t('admin.approved'),
            render: (_: unknown, r: Row) =>
              r.record ? (
                <span>
                  <b>{r.record.minutes}</b>{' '}
                  {r.record.corrections > 0 ? <Tag>{t('admin.corrections', { n: r.record.corrections })}</Tag> : null}
                </span>
              ) : (
                ''
              ),
          },
          {
            title: '',
            render: (_: unknown, r: Row) =>
              r.checkedInAt || r.record ? (
                <Button size="small" onClick={() => setFixing(r)}>
                  {t('admin.correct')}
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal
        open={!!fixing}
        title={`${t('admin.correctTitle')} · ${fixing?.name ?? ''}`}
        onCancel={() => setFixing(null)}
        footer={null}
        destroyOnHidden
      >
        {fixing ? (
          <Form
            layout="vertical"
            initialValues={{
              range: [
                chinaPicker(fixing.record?.startedAt ?? fixing.checkedInAt ?? a.startsAt),
                chinaPicker(fixing.record?.endedAt ?? fixing.checkedOutAt ?? a.endsAt),
              ],
            }}
            onFinish={(v: { range: [Dayjs, Dayjs]; reason: string }) =>
              correct.mutate(
                {
                  volunteerId: fixing.volunteerId,
                  startedAt: toChinaIso(v.range[0]),
                  endedAt: toChinaIso(v.range[1]),
                  reason: v.reason,
                },
                { onSuccess: () => setFixing(null) },
              )
            }
          >
            <Form.Item
              name="range"
              label={`${t('admin.startedAt')} – ${t('admin.endedAt')}`}
              rules={[{ required: true }]}
            >
              <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item name="reason" label={t('admin.reason')} rules={[{ required: true, min: 2, max: 300 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
            {correct.error ? (
              <Alert type="error" showIcon message={(correct.error as Error).message} style={{ marginBottom: 8 }} />
            ) : null}
            <Button type="primary" htmlType="submit" loading={correct.isPending}>
              {t('admin.correct')}
            </Button>
          </Form>
        ) : null}
      </Modal>
    </div>
  );
}
