// 训练: the training sessions of a team (date, topic, hours, attendees) and recording a new one.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Form, Input, InputNumber, Modal, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecordTraining } from '../../../../../server/src/modules/rescue/rescue.schemas';
import { useCan, useScope } from '../../../app/session';
import { chinaToday } from '../../../lib/china-time';
import { type TrainingView, useMembers, useRecordTraining, useTeams, useTrainings } from '../api';

export function TrainingPanel({ orgId }: { orgId: number }) {
  const { t } = useTranslation('rescue');
  const { message } = App.useApp();
  const can = useCan();
  const trainings = useTrainings(orgId);
  const members = useMembers(orgId);
  const record = useRecordTraining();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<RecordTraining>();
  return (
    <>
      {can('rescue:manage') ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)} style={{ marginBottom: 12 }}>
          {t('training.record')}
        </Button>
      ) : null}
      <Table<TrainingView>
        rowKey="id"
        size="small"
        loading={trainings.isLoading}
        dataSource={trainings.data}
        pagination={false}
        scroll={{ x: 700 }}
        columns={[
          { title: t('training.heldOn'), dataIndex: 'heldOn', width: 110 },
          { title: t('training.topic'), dataIndex: 'topic' },
          { title: t('training.hours'), dataIndex: 'hours', width: 90 },
          { title: t('training.place'), dataIndex: 'place', width: 160 },
          {
            title: t('training.attendees'),
            render: (_, r) => `${r.attendees.length}:${r.attendees.map((a) => a.name).join('、')}`,
          },
        ]}
      />
      <Modal
        open={open}
        title={t('training.record')}
        okButtonProps={{ loading: record.isPending }}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form<RecordTraining>
          form={form}
          layout="vertical"
          initialValues={{ heldOn: chinaToday(), hours: 2, memberIds: [] }}
          onFinish={(v) =>
            record.mutate(
              { orgId, input: { ...v, place: v.place || null, trainer: v.trainer || null, note: null } },
              { onSuccess: () => setOpen(false), onError: (e) => message.error(e.message) },
            )
          }
        >
          <Space wrap>
            <Form.Item name="heldOn" label={t('training.heldOn')} rules={[{ required: true }]}>
              <Input type="date" />
            </Form.Item>
            <Form.Item name="hours" label={t('training.hours')} rules={[{ required: true }]}>
              <InputNumber min={0.5} max={24} step={0.5} />
            </Form.Item>
          </Space>
          <Form.Item name="topic" label={t('training.topic')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="place" label={t('training.place')}>
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item name="trainer" label={t('training.trainer')}>
              <Input maxLength={100} />
            </Form.Item>
          </Space>
          <Form.Item name="memberIds" label={t('training.attendees')}>
            <Checkbox.Group options={(members.data ?? []).map((m) => ({ value: m.id, label: m.name }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function RescueTrainingPage() {
  const { t } = useTranslation('rescue');
  const { unitId } = useScope();
  const teams = useTeams(unitId ?? null);
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const team = orgId ?? teams.data?.[0]?.orgId;
  return (
    <Card title={t('training.title')} data-testid="rescue-training-page">
      <Space style={{ marginBottom: 12 }}>
        {t('training.team')}
        <Select
          style={{ width: 280 }}
          value={team}
          placeholder={t('training.pickTeam')}
          onChange={setOrgId}
          options={(teams.data ?? []).map((tm) => ({ value: tm.orgId, label: tm.name }))}
        />
      </Space>
      {team ? <TrainingPanel key={team} orgId={team} /> : null}
    </Card>
  );
}
