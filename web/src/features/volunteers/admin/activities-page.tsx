// 志愿活动: activities of the scope unit's subtree, newest first, and the form to publish a new one (time, place with
// position and check-in radius, places, skills, walk-ins, check-in window).
import { Alert, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Table, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { formatDateMinute, toChinaIso } from '../../../lib/china-time';
import { type ActivityView, skillCodes, useActivities, useCreateActivity, useTeams } from '../api';

type Values = {
  title: string;
  description?: string;
  teamId?: string;
  time: [Dayjs, Dayjs];
  place: string;
  lat: number;
  lng: number;
  geofenceM: number;
  capacity: number;
  skills?: string[];
  allowWalkIns?: boolean;
  checkInOpensMinutes: number;
  checkOutGraceMinutes: number;
  publish: boolean;
};

export function VolunteerActivitiesPage() {
  const { t, i18n } = useTranslation('volunteers');
  const { unitId } = useScope();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const unit = orgId ?? unitId ?? undefined;
  const [page, setPage] = useState(1);
  const list = useActivities({ orgId: unit, page, pageSize: 20 });
  const teams = useTeams(unit ?? null);
  const create = useCreateActivity();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Values>();
  const submit = (v: Values) =>
    unit &&
    create.mutate(
      {
        orgId: unit,
        teamId: v.teamId ?? null,
        title: v.title,
        description: v.description ?? '',
        startsAt: toChinaIso(v.time[0]),
        endsAt: toChinaIso(v.time[1]),
        place: v.place,
        lat: v.lat,
        lng: v.lng,
        geofenceM: v.geofenceM,
        capacity: v.capacity,
        skills: (v.skills ?? []) as never,
        allowWalkIns: v.allowWalkIns ?? false,
        checkInOpensMinutes: v.checkInOpensMinutes,
        checkOutGraceMinutes: v.checkOutGraceMinutes,
        publish: v.publish,
      },
      { onSuccess: () => setOpen(false) },
    );
  return (
    <div data-testid="volunteer-activities-page">
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgPicker value={unit} onChange={(v) => setOrgId(v ?? undefined)} style={{ width: 260 }} />
        <Button type="primary" onClick={() => setOpen(true)} disabled={!unit} data-testid="new-activity">
          {t('admin.newActivity')}
        </Button>
      </Space>
      <Table
        rowKey="id"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
        columns={[
          {
            title: t('admin.title'),
            dataIndex: 'title',
            render: (x: string, a: ActivityView) => <Link to={`/console/volunteer-activities/${a.id}`}>{x}</Link>,
          },
          {
            title: t('admin.time'),
            dataIndex: 'startsAt',
            render: (x: string) => formatDateMinute(x, i18n.language),
          },
          { title: t('admin.place'), dataIndex: 'place' },
          { title: t('admin.unit'), dataIndex: 'orgName' },
          {
            title: t('admin.signups'),
            render: (_: unknown, a: ActivityView) => `${a.confirmedCount}/${a.capacity}`,
          },
          {
            title: t('admin.status'),
            dataIndex: 'status',
            render: (s: 'draft' | 'published' | 'cancelled') => (
              <Tag color={s === 'published' ? 'green' : s === 'draft' ? 'default' : 'red'}>
                {t(`activityStatus.${s}`)}
              </Tag>
            ),
          },
        ]}
      />
      <Modal
        open={open}
        title={t('admin.newActivity')}
        onCancel={() => setOpen(false)}
        footer={null}
        width={640}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            geofenceM: 300,
            capacity: 30,
            checkInOpensMinutes: 30,
            checkOutGraceMinutes: 60,
            publish: true,
          }}
        >
          <Form.Item name="title" label={t('admin.title')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="activity-title" />
          </Form.Item>
          <Form.Item name="time" label={t('admin.time')} rules={[{ required: true }]}>
            <DatePicker.RangePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item name="place" label={t('admin.place')} rules={[{ required: true, max: 200 }]}>
            <Input data-testid="activity-place" />
          </Form.Item>
          <Space wrap>
            <Form.Item name="lat" label={t('admin.lat')} rules={[{ required: true }]}>
              <InputNumber step={0.0001} style={{ width: 160 }} data-testid="activity-lat" />
            </Form.Item>
            <Form.Item name="lng" label={t('admin.lng')} rules={[{ required: true }]}>
              <InputNumber step={0.0001} style={{ width: 160 }} data-testid="activity-lng" />
            </Form.Item>
            <Form.Item name="geofenceM" label={t('admin.geofence')}>
              <InputNumber min={20} max={5000} />
            </Form.Item>
            <Form.Item name="capacity" label={t('admin.capacity')}>
              <InputNumber min={1} max={100000} />
            </Form.Item>
            <Form.Item name="checkInOpensMinutes" label={t('admin.opens')}>
              <InputNumber min={0} max={1440} />
            </Form.Item>
            <Form.Item name="checkOutGraceMinutes" label={t('admin.grace')}>
              <InputNumber min={0} max={1440} />
            </Form.Item>
          </Space>
          <Form.Item name="teamId" label={t('public.team')}>
            <Select allowClear options={(teams.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
          </Form.Item>
          <Form.Item name="skills" label={t('admin.skills')}>
            <Select
              mode="multiple"
              options={skillCodes.map((s) => ({ value: s, label: t(`skills.${s}` as 'skills.other') }))}
            />
          </Form.Item>
          <Form.Item name="description" label={t('admin.description')}>
            <Input.TextArea rows={3} maxLength={4000} />
          </Form.Item>
          <Space>
            <Form.Item name="allowWalkIns" valuePropName="checked">
              <Checkbox>{t('admin.walkIns')}</Checkbox>
            </Form.Item>
            <Form.Item name="publish" valuePropName="checked">
              <Checkbox>{t('admin.publishNow')}</Checkbox>
            </Form.Item>
          </Space>
          {create.error ? (
            <Alert type="error" showIcon message={(create.error as Error).message} style={{ marginBottom: 12 }} />
          ) : null}
          <Button type="primary" htmlType="submit" loading={create.isPending} data-testid="activity-submit">
            {t('admin.newActivity')}
          </Button>
        </Form>
      </Modal>
    </div>
  );
}
