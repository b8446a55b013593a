// 培训班: the classes in my scope with filters, a new class (open or order-based, at a base or on site), and each
// class's page in a drawer (class-detail.tsx).
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type { ClassStatus } from '../../../../../server/src/modules/training/training-classes.schemas';
import { classStatusValues } from '../../../../../server/src/modules/training/training-classes.schemas';
import { useCan, useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { usePaging } from '../../../components/paging';
import { showErrorOnFields } from '../../../components/server-errors';
import { type ClassFilter, type ClassSummary, useBases, useClasses, useCourses, useCreateClass } from '../classes-api';
import { ClassStatusTag, dateRange } from '../components/labels';
import { ClassDetail } from './class-detail';
import '../components/training.css';
import { fromChinaInput } from '../../../lib/china-time';

type NewClassForm = {
  courseId: number;
  orgId: number;
  kind: 'open' | 'order';
  title: string;
  where: 'base' | 'site';
  baseId?: number;
  siteAddress?: string;
  capacity: number;
  startsOn: string;
  endsOn: string;
  enrolClosesAt?: string;
  orderOrgName?: string;
  orderContactName?: string;
  orderContactPhone?: string;
};

const toIso = (local?: string) => (local ? fromChinaInput(local) : null);

function NewClassModal({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const { t } = useTranslation('trainingClasses');
  const { message } = App.useApp();
  const { unitId } = useScope();
  const [form] = Form.useForm<NewClassForm>();
  const kind = Form.useWatch('kind', form);
  const where = Form.useWatch('where', form);
  const courses = useCourses();
  const bases = useBases();
  const create = useCreateClass();
  const submit = (v: NewClassForm) =>
    create.mutate(
      {
        courseId: v.courseId,
        orgId: v.orgId,
        kind: v.kind,
        title: v.title,
        baseId: v.where === 'base' ? (v.baseId ?? null) : null,
        siteAddress: v.where === 'site' ? (v.siteAddress ?? null) : null,
        capacity: v.capacity,
        startsOn: v.startsOn,
        endsOn: v.endsOn,
        enrolClosesAt: toIso(v.enrolClosesAt),
        theoryOpensAt: null,
        theoryClosesAt: null,
        orderOrgName: v.kind === 'order' ? (v.orderOrgName ?? null) : null,
        orderContactName: v.kind === 'order' ? (v.orderContactName ?? null) : null,
        orderContactPhone: v.kind === 'order' ? (v.orderContactPhone ?? null) : null,
      },
      {
        onSuccess: (c) => {
          message.success(t('classes.created'));
          onCreated(c.id);
        },
        onError: (e) => {
          if (!showErrorOnFields(form, e)) {
            message.error((e as Error).message);
          }
        },
      },
    );
  return (
    <Modal
      open
      title={t('classes.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={create.isPending}
      width={640}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ kind: 'open', where: 'base', capacity: 30, orgId: unitId ?? undefined }}
        data-testid="new-class-form"
      >
        <Form.Item name="courseId" label={t('classes.course')} rules={[{ required: true }]}>
          <Select
            options={(courses.data ?? [])
              .filter((c) => c.isActive)
              .map((c) => ({ value: c.id, label: `${c.nameZh}(${t(`courseKind.${c.kind}`)})` }))}
          />
        </Form.Item>
        <Form.Item name="orgId" label={t('common.unit')} rules={[{ required: true }]}>
          <OrgPicker />
        </Form.Item>
        <Form.Item name="title" label={t('classes.name')} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="kind" label={t('classes.kind')}>
          <Radio.Group
            options={[
              { value: 'open', label: t('classKind.open') },
              { value: 'order', label: t('classKind.order') },
            ]}
          />
        </Form.Item>
        {kind === 'order' ? (
          <Space.Compact block>
            <Form.Item
              name="orderOrgName"
              label={t('classes.orderOrg')}
              rules={[{ required: true }]}
              style={{ flex: 2 }}
            >
              <Input />
            </Form.Item>
            <Form.Item
              name="orderContactName"
              label={t('classes.orderContact')}
              rules={[{ required: true }]}
              style={{ flex: 1 }}
            >
              <Input />
            </Form.Item>
            <Form.Item name="orderContactPhone" label={t('classes.orderPhone')} style={{ flex: 1 }}>
              <Input />
            </Form.Item>
          </Space.Compact>
        ) : null}
        <Form.Item name="where" label={t('classes.venue')}>
          <Radio.Group
            options={[
              { value: 'base', label: t('classes.atBase') },
              { value: 'site', label: t('classes.onSite') },
            ]}
          />
        </Form.Item>
        {where === 'site' ? (
          <Form.Item name="siteAddress" label={t('classes.site')} rules={[{ required: true, min: 2 }]}>
            <Input />
          </Form.Item>
        ) : (
          <Form.Item name="baseId" label={t('classes.base')} rules={[{ required: true }]}>
            <Select
              options={(bases.data ?? [])
                .filter((b) => b.isActive)
                .map((b) => ({ value: b.id, label: `${b.name}(${b.capacity})` }))}
            />
          </Form.Item>
        )}
        <Space wrap>
          <Form.Item name="capacity" label={t('classes.capacity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={2000} />
          </Form.Item>
          <Form.Item name="startsOn" label={t('classes.startsOn')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="endsOn" label={t('classes.endsOn')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="enrolClosesAt" label={t('classes.enrolClosesAt')}>
            <Input type="datetime-local" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

export function TrainingClassesPage() {
  const { t } = useTranslation('trainingClasses');
  const can = useCan();
  const { page, pageSize, pagination } = usePaging();
  const [params, setParams] = useSearchParams();
  const [status, setStatus] = useState<ClassStatus | undefined>();
  const [courseId, setCourseId] = useState<number | undefined>();
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const courses = useCourses();
  const filter: ClassFilter = { status, courseId, q: q || undefined, page, pageSize };
  const list = useClasses(filter);
  const openId = params.get('class');
  const show = (id: string | null) => setParams(id ? { class: id } : {});

  return (
    <Card
      title={t('classes.title')}
      extra={
        can('training:manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="new-class">
            {t('classes.add')}
          </Button>
        ) : null
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          placeholder={t('classes.status')}
          style={{ width: 140 }}
          value={status}
          onChange={setStatus}
          options={classStatusValues.map((s) => ({ value: s, label: t(`classStatus.${s}`) }))}
        />
        <Select
          allowClear
          placeholder={t('classes.course')}
          style={{ width: 160 }}
          value={courseId}
          onChange={setCourseId}
          options={(courses.data ?? []).map((c) => ({ value: c.id, label: c.nameZh }))}
        />
        <Input.Search allowClear placeholder={t('common.search')} style={{ width: 320 }} onSearch={setQ} />
      </Space>
      <Table<ClassSummary>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items}
        pagination={pagination(list.data?.total ?? 0)}
        onRow={(r) => ({ onClick: () => show(r.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('classes.classNo'), dataIndex: 'classNo', width: 170 },
          {
            title: t('classes.name'),
            dataIndex: 'title',
            render: (v: string, r) => (
              <>
                {v} {r.kind === 'order' ? <Tag>{t('classKind.order')}</Tag> : null}
                {r.orderOrgName ? <div className="tc-muted">{r.orderOrgName}</div> : null}
              </>
            ),
          },
          { title: t('classes.course'), dataIndex: 'courseName', width: 110 },
          { title: t('common.unit'), dataIndex: 'orgName', width: 110 },
          { title: t('classes.dates'), render: (_, r) => dateRange(r.startsOn, r.endsOn), width: 200 },
          {
            title: t('classes.enrolled'),
            width: 120,
            render: (_, r) => (
              <>
                {r.enrolledCount} / {r.capacity}
                {r.waitlistCount > 0 ? (
                  <Tag color="gold" style={{ marginLeft: 6 }}>
                    +{r.waitlistCount}
                  </Tag>
                ) : null}
              </>
            ),
          },
          {
            title: t('classes.status'),
            dataIndex: 'status',
            width: 100,
            render: (s: ClassStatus) => <ClassStatusTag status={s} />,
          },
        ]}
      />
      {creating ? (
        <NewClassModal
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            show(id);
          }}
        />
      ) : null}
      {openId ? <ClassDetail id={openId} onClose={() => show(null)} /> : null}
    </Card>
  );
}
