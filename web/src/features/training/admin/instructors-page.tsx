// 师资: trainers and examiners in my scope with their qualifications (expiring within 90 days flagged), a new
// instructor (found by ID number or registered; optionally the staff account an examiner signs in with) and
// qualifications added or removed.
import { PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AddQualification } from '../../../../../server/src/modules/training/training-catalogue.schemas';
import { isApiError } from '../../../app/api-client';
import { useCan, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { showErrorOnFields } from '../../../components/server-errors';
import {
  type InstructorView,
  useAddQualification,
  useCreateInstructor,
  useInstructors,
  useRemoveQualification,
  useUpdateInstructor,
} from '../classes-api';

type NewForm = { orgId: number; name: string; idNumber: string; phone: string; username?: string };

function NewInstructorModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('trainingClasses');
  const { message } = App.useApp();
  const { unitId } = useScope();
  const [form] = Form.useForm<NewForm>();
  const create = useCreateInstructor();
  return (
    <Modal
      open
      title={t('instructors.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ orgId: unitId ?? undefined }}
        onFinish={(v) =>
          create.mutate(
            { ...v, username: v.username?.trim() || null },
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
        <Form.Item name="name" label={t('instructors.name')} rules={[{ required: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="idNumber" label={t('instructors.idNumber')} rules={[{ required: true, min: 15 }]}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="phone" label={t('instructors.phone')} rules={[{ required: true }]}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="username" label={t('instructors.username')}>
          <Input maxLength={64} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function QualificationModal({ instructor, onClose }: { instructor: InstructorView; onClose: () => void }) {
  const { t } = useTranslation('trainingClasses');
  const { message } = App.useApp();
  const [form] = Form.useForm<AddQualification>();
  const add = useAddQualification();
  return (
    <Modal
      open
      title={`${t('instructors.addQualification')} · ${instructor.name}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={add.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'trainer', grade: 'senior' }}
        onFinish={(v) =>
          add.mutate(
            { id: instructor.id, body: { ...v, certificateNo: v.certificateNo || null } },
            {
              onSuccess: onClose,
              onError: (e) => {
                if (!showErrorOnFields(form, e)) {
                  message.error(isApiError(e) ? e.message : String(e));
                }
              },
            },
          )
        }
      >
        <Space wrap>
          <Form.Item name="kind" label={t('instructors.kind')}>
            <Select
              style={{ width: 120 }}
              options={[
                { value: 'trainer', label: t('role.trainer') },
                { value: 'examiner', label: t('role.examiner') },
              ]}
            />
          </Form.Item>
          <Form.Item name="grade" label={t('instructors.grade')}>
            <Select
              style={{ width: 120 }}
              options={[
                { value: 'junior', label: t('instructors.gradeJunior') },
                { value: 'intermediate', label: t('instructors.gradeIntermediate') },
                { value: 'senior', label: t('instructors.gradeSenior') },
              ]}
            />
          </Form.Item>
          <Form.Item name="certificateNo" label={t('instructors.certificateNo')}>
            <Input />
          </Form.Item>
        </Space>
        <Space wrap>
          <Form.Item name="issuedOn" label={t('instructors.issuedOn')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="validUntil" label={t('instructors.validUntil')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

export function TrainingInstructorsPage() {
  const { t } = useTranslation('trainingClasses');
  const { message } = App.useApp();
  const can = useCan();
  const manage = can('training:manage');
  const list = useInstructors();
  const remove = useRemoveQualification();
  const update = useUpdateInstructor();
  const [creating, setCreating] = useState(false);
  const [adding, setAdding] = useState<InstructorView | null>(null);
  const gradeLabel = (g: string) =>
    g === 'junior'
      ? t('instructors.gradeJunior')
      : g === 'intermediate'
        ? t('instructors.gradeIntermediate')
        : g === 'senior'
          ? t('instructors.gradeSenior')
          : g;
  return (
    <Card
      title={t('instructors.title')}
      extra={
        manage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('instructors.add')}
          </Button>
        ) : null
      }
    >
      <Table<InstructorView>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        columns={[
          {
            title: t('instructors.name'),
            render: (_, r) => (
              <>
                {r.name} {r.isActive ? null : <Tag>{t('common.inactive')}</Tag>}
                {r.expiresSoon ? (
                  <Tag color="orange" icon={<WarningOutlined />} style={{ marginLeft: 6 }}>
                    {t('instructors.expiresSoon')}
                  </Tag>
                ) : null}
                <div className="tc-muted">{r.phoneMasked}</div>
              </>
            ),
            width: 220,
          },
          { title: t('common.unit'), dataIndex: 'orgName', width: 120 },
          { title: t('instructors.username'), render: (_, r) => r.username ?? '—', width: 140 },
          {
            title: t('instructors.qualifications'),
            render: (_, r) =>
              r.qualifications.length === 0 ? (
                <span className="tc-muted">{t('instructors.none')}</span>
              ) : (
                <Space direction="vertical" size={2}>
                  {r.qualifications.map((q) => (
                    <span key={q.id}>
                      <Tag
                        color={
                          q.isExpired ? 'default' : q.expiresSoon ? 'orange' : q.kind === 'examiner' ? 'purple' : 'blue'
                        }
                      >
                        {t(`role.${q.kind}`)} · {gradeLabel(q.grade)}
                      </Tag>
                      {q.certificateNo ?? ''} {q.issuedOn} ~ {q.validUntil}
                      {q.isExpired ? <Tag style={{ marginLeft: 6 }}>{t('instructors.expired')}</Tag> : null}
                      {manage ? (
                        <Popconfirm
                          title={t('instructors.remove')}
                          onConfirm={() => remove.mutateAsync({ id: r.id, qualificationId: q.id })}
                        >
                          <Button type="link" size="small" danger>
                            {t('instructors.remove')}
                          </Button>
                        </Popconfirm>
                      ) : null}
                    </span>
                  ))}
                </Space>
              ),
          },
          {
            title: t('common.actions'),
            width: 200,
            render: (_, r) =>
              manage ? (
                <Space size={4}>
                  <Button size="small" onClick={() => setAdding(r)}>
                    {t('instructors.addQualification')}
                  </Button>
                  <Button
                    size="small"
                    onClick={() =>
                      update.mutate(
                        { id: r.id, body: { isActive: !r.isActive } },
                        { onError: (e) => message.error((e as Error).message) },
                      )
                    }
                  >
                    {r.isActive ? t('common.inactive') : t('common.active')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      {creating ? <NewInstructorModal onClose={() => setCreating(false)} /> : null}
      {adding ? <QualificationModal instructor={adding} onClose={() => setAdding(null)} /> : null}
    </Card>
  );
}
