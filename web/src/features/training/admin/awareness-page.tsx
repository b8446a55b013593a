// 普及培训: awareness sessions in schools, villages and enterprises, counted per attendee, with totals over the
// filter (unit subtree, period, venue kind) and a form to record one with evidence photos.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Statistic, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  AwarenessView,
  CreateAwareness,
  VenueKind,
} from '../../../../../server/src/modules/training/training-classes.schemas';
import { venueKindValues } from '../../../../../server/src/modules/training/training-classes.schemas';
import { useCan, useScope } from '../../../app/session';
import { EvidenceUpload } from '../../../components/evidence-upload';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import { showErrorOnFields } from '../../../components/server-errors';
import { chinaToday } from '../../../lib/china-time';
import { useAwareness, useInstructors, useRecordAwareness } from '../classes-api';

type RecordForm = Omit<CreateAwareness, 'evidenceFileIds' | 'instructorId' | 'trainerName'> & {
  instructorId?: string;
  trainerName?: string;
  evidence?: string;
};

function RecordModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('trainingClasses');
  const { message } = App.useApp();
  const { unitId } = useScope();
  const [form] = Form.useForm<RecordForm>();
  const record = useRecordAwareness();
  const instructors = useInstructors();
  return (
    <Modal
      open
      width={620}
      title={t('awareness.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={record.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          orgId: unitId ?? undefined,
          venueKind: 'school',
          hours: 2,
          heldOn: chinaToday(),
        }}
        onFinish={(v) =>
          record.mutate(
            {
              orgId: v.orgId,
              heldOn: v.heldOn,
              venueKind: v.venueKind,
              venue: v.venue,
              topic: v.topic,
              attendees: v.attendees,
              hours: v.hours,
              instructorId: v.instructorId ?? null,
              trainerName: v.trainerName?.trim() || null,
              evidenceFileIds: v.evidence ? [v.evidence] : [],
            },
            {
              onSuccess: onClose,
              onError: (e) => {
                if (!showErrorOnFields(form, e)) {
                  message.error((e as Error).message);
                }
              },
            },
          )
        }
      >
        <Form.Item name="orgId" label={t('common.unit')} rules={[{ required: true }]}>
          <OrgPicker />
        </Form.Item>
        <Space wrap>
          <Form.Item name="heldOn" label={t('awareness.heldOn')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="venueKind" label={t('awareness.venueKind')}>
            <Select
              style={{ width: 130 }}
              options={venueKindValues.map((k) => ({ value: k, label: t(`venueKind.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="attendees" label={t('awareness.attendees')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100000} />
          </Form.Item>
          <Form.Item name="hours" label={t('awareness.hours')} rules={[{ required: true }]}>
            <InputNumber min={1} max={24} />
          </Form.Item>
        </Space>
        <Form.Item name="venue" label={t('awareness.venue')} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="topic" label={t('awareness.topic')} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="instructorId" label={t('awareness.trainer')}>
            <Select
              allowClear
              style={{ width: 200 }}
              options={(instructors.data ?? []).map((i) => ({ value: i.id, label: i.name }))}
            />
          </Form.Item>
          <Form.Item name="trainerName" label=" ">
            <Input placeholder={t('awareness.trainer')} maxLength={50} />
          </Form.Item>
        </Space>
        <Form.Item name="evidence" label={t('awareness.evidence')}>
          <EvidenceUpload />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function TrainingAwarenessPage() {
  const { t } = useTranslation('trainingClasses');
  const can = useCan();
  const { page, pageSize, pagination } = usePaging();
  const [orgId, setOrgId] = useState<number | undefined>();
  const [venueKind, setVenueKind] = useState<VenueKind | undefined>();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [adding, setAdding] = useState(false);
  const list = useAwareness({ orgId, venueKind, from: from || undefined, to: to || undefined, page, pageSize });
  return (
    <Card
      title={t('awareness.title')}
      extra={
        can('training:manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('awareness.add')}
          </Button>
        ) : null
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgPicker allowClear value={orgId} onChange={setOrgId} style={{ width: 220 }} placeholder={t('common.unit')} />
        <Select
          allowClear
          placeholder={t('awareness.venueKind')}
          style={{ width: 130 }}
          value={venueKind}
          onChange={setVenueKind}
          options={venueKindValues.map((k) => ({ value: k, label: t(`venueKind.${k}`) }))}
        />
        <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} addonBefore={t('awareness.from')} />
        <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} addonBefore={t('awareness.to')} />
      </Space>
      <Space size={48} style={{ marginBottom: 12 }}>
        <Statistic title={t('awareness.title')} value={list.data?.total ?? 0} />
        <Statistic title={t('awareness.attendees')} value={list.data?.totalAttendees ?? 0} />
        <Statistic title={t('awareness.hours')} value={list.data?.totalAttendeeHours ?? 0} />
      </Space>
      <Table<AwarenessView>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={pagination(list.data?.total ?? 0)}
        columns={[
          { title: t('awareness.heldOn'), dataIndex: 'heldOn', width: 110 },
          { title: t('common.unit'), dataIndex: 'orgName', width: 140 },
          { title: t('awareness.venueKind'), render: (_, r) => t(`venueKind.${r.venueKind}`), width: 100 },
          { title: t('awareness.venue'), dataIndex: 'venue' },
          { title: t('awareness.topic'), dataIndex: 'topic' },
          { title: t('awareness.attendees'), dataIndex: 'attendees', width: 80 },
          { title: t('awareness.hours'), dataIndex: 'hours', width: 70 },
          { title: t('awareness.trainer'), render: (_, r) => r.trainerName ?? '—', width: 100 },
          { title: t('awareness.evidence'), render: (_, r) => r.evidenceFileIds.length || '—', width: 100 },
        ]}
      />
      {adding ? <RecordModal onClose={() => setAdding(false)} /> : null}
    </Card>
  );
}
