// 培训课程: the courses, one course's settings (hours, exam minutes, pass marks, attempts, certificate; the paper
// blueprint and the practical checklist) and its lessons (edit, reorder, deactivate; online lessons in sanitised HTML).
import { ArrowDownOutlined, ArrowUpOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  BlueprintRow,
  ChecklistItem,
  UpdateCourse,
} from '../../../../../server/src/modules/training/training-catalogue.schemas';
import { isApiError } from '../../../app/api-client';
import { useCan, useMe } from '../../../app/session';
import { showErrorOnFields } from '../../../components/server-errors';
import {
  type CourseView,
  type LessonView,
  useCourses,
  useLessons,
  useReorderLessons,
  useSaveLesson,
  useUpdateCourse,
} from '../classes-api';
import '../components/training.css';

type LessonForm = {
  unitCode: string;
  mode: 'online' | 'offline';
  title: string;
  body: string;
  videoUrl?: string;
  minMinutes: number;
  isRequired: boolean;
  isActive: boolean;
};

function LessonModal({
  course,
  lesson,
  onClose,
}: {
  course: CourseView;
  lesson: LessonView | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('trainingClasses');
  const { message } = App.useApp();
  const [form] = Form.useForm<LessonForm>();
  const save = useSaveLesson();
  const submit = (v: LessonForm) =>
    save.mutate(
      {
        courseId: course.id,
        id: lesson?.id,
        body: {
          ...v,
          videoUrl: v.videoUrl?.trim() ? v.videoUrl.trim() : null,
          ...(lesson ? {} : { isActive: undefined }),
        },
      },
      {
        onSuccess: () => {
          message.success(t('common.saved'));
          onClose();
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
      width={760}
      title={lesson ? lesson.title : t('courses.addLesson')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          lesson
            ? { ...lesson, videoUrl: lesson.videoUrl ?? '' }
            : {
                mode: 'online',
                minMinutes: 2,
                isRequired: true,
                isActive: true,
                body: '',
                unitCode: course.units[0]?.code,
              }
        }
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="title" label={t('courses.lessonTitle')} rules={[{ required: true }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="unitCode" label={t('courses.syllabusUnit')}>
              <Select options={course.units.map((u) => ({ value: u.code, label: u.nameZh }))} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="mode" label={t('courses.mode')}>
              <Select
                options={[
                  { value: 'online', label: t('courses.online') },
                  { value: 'offline', label: t('courses.offline') },
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="body" label={t('courses.body')}>
          <Input.TextArea rows={10} style={{ fontFamily: 'monospace' }} />
        </Form.Item>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="videoUrl" label={t('courses.videoUrl')}>
              <Input placeholder="https://" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="minMinutes" label={t('courses.minMinutes')}>
              <InputNumber min={0} max={600} />
            </Form.Item>
          </Col>
          <Col span={3}>
            <Form.Item name="isRequired" label={t('courses.required')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          {lesson ? (
            <Col span={3}>
              <Form.Item name="isActive" label={t('common.active')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
      </Form>
    </Modal>
  );
}

type SettingsForm = Required<
  Pick<
    UpdateCourse,
    | 'onlineHours'
    | 'offlineHours'
    | 'theoryMinutes'
    | 'theoryPassPercent'
    | 'maxAttempts'
    | 'practicalPassPercent'
    | 'hasTheoryExam'
    | 'hasPracticalExam'
  >
> & {
  certificateYears: number | null;
  certificateTitle: string | null;
  blueprint: BlueprintRow[];
  checklist: ChecklistItem[];
};

function CourseSettings({ course, canEdit }: { course: CourseView; canEdit: boolean }) {
  const { t } = useTranslation('trainingClasses');
  const { message } = App.useApp();
  const [form] = Form.useForm<SettingsForm>();
  const update = useUpdateCourse();
  useEffect(() => {
    form.setFieldsValue(course);
  }, [course, form]);
  const blueprint = Form.useWatch('blueprint', form) ?? course.blueprint;
  const checklist = Form.useWatch('checklist', form) ?? course.checklist;
  const points = blueprint.reduce((s, r) => s + (r?.count ?? 0) * (r?.points ?? 0), 0);
  const checklistPoints = checklist.reduce((s, i) => s + (i?.maxScore ?? 0), 0);
  const submit = (v: SettingsForm) =>
    update.mutate(
      {
        id: course.id,
        patch: {
          ...v,
          certificateYears: v.certificateYears || null,
          certificateTitle: v.certificateTitle?.trim() ? v.certificateTitle : null,
        },
      },
      {
        onSuccess: () => message.success(t('common.saved')),
        onError: (e) => {
          if (!showErrorOnFields(form, e)) {
            message.error(isApiError(e) ? `${e.message} ${JSON.stringify(e.details?.issues ?? '')}` : String(e));
          }
        },
      },
    );
  const unitOptions = [
    { value: '', label: t('courses.anyUnit') },
    ...course.units.map((u) => ({ value: u.code, label: u.nameZh })),
  ];
  return (
    <Form form={form} layout="vertical" initialValues={course} onFinish={submit} disabled={!canEdit}>
      <Row gutter={12}>
        {(
          [
            ['onlineHours', 'courses.onlineHours'],
            ['offlineHours', 'courses.offlineHours'],
            ['theoryMinutes', 'courses.theoryMinutes'],
            ['theoryPassPercent', 'courses.theoryPass'],
            ['maxAttempts', 'courses.maxAttempts'],
            ['practicalPassPercent', 'courses.practicalPass'],
            ['certificateYears', 'courses.certYears'],
          ] as const
        ).map(([name, label]) => (
          <Col span={6} key={name}>
            <Form.Item name={name} label={t(label)}>
              <InputNumber min={0} max={600} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        ))}
        <Col span={6}>
          <Form.Item name="certificateTitle" label={t('courses.certTitle')}>
            <Input placeholder={t('courses.noCertificate')} />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="hasTheoryExam" label={t('courses.hasTheory')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name="hasPracticalExam" label={t('courses.hasPractical')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Title level={5}>
        {t('courses.blueprint')}{' '}
        <Tag color={points > 0 ? 'green' : 'red'}>{t('courses.blueprintTotal', { points })}</Tag>
      </Typography.Title>
      <Form.List name="blueprint">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="baseline">
                <Form.Item
                  name={[f.name, 'unitCode']}
                  getValueProps={(v) => ({ value: v ?? '' })}
                  normalize={(v) => v || null}
                >
                  <Select style={{ width: 220 }} options={unitOptions} />
                </Form.Item>
                <Form.Item name={[f.name, 'questionKind']}>
                  <Select
                    style={{ width: 100 }}
                    options={(['single', 'multiple', 'judge'] as const).map((k) => ({
                      value: k,
                      label: t(`questionKind.${k}`),
                    }))}
                  />
                </Form.Item>
                <Form.Item name={[f.name, 'count']}>
                  <InputNumber min={1} max={200} addonAfter={t('courses.count')} />
                </Form.Item>
                <Form.Item name={[f.name, 'points']}>
                  <InputNumber min={1} max={100} addonAfter={t('courses.points')} />
                </Form.Item>
                <Button type="link" danger onClick={() => remove(f.name)}>
                  ×
                </Button>
              </Space>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ unitCode: null, questionKind: 'single', count: 5, points: 2 })}
            >
              {t('courses.blueprint')}
            </Button>
          </>
        )}
      </Form.List>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('courses.checklist')} <Tag>{t('courses.checklistTotal', { points: checklistPoints })}</Tag>
      </Typography.Title>
      <Form.List name="checklist">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} align="baseline" wrap>
                <Form.Item name={[f.name, 'key']}>
                  <Input style={{ width: 140 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'unitCode']}>
                  <Select style={{ width: 150 }} options={unitOptions.slice(1)} />
                </Form.Item>
                <Form.Item name={[f.name, 'nameZh']}>
                  <Input style={{ width: 200 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'nameEn']}>
                  <Input style={{ width: 220 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'maxScore']}>
                  <InputNumber min={1} max={100} addonAfter={t('courses.maxScore')} />
                </Form.Item>
                <Form.Item name={[f.name, 'isCritical']} valuePropName="checked">
                  <Checkbox>{t('courses.critical')}</Checkbox>
                </Form.Item>
                <Button type="link" danger onClick={() => remove(f.name)}>
                  ×
                </Button>
              </Space>
            ))}
            <Button
              icon={<PlusOutlined />}
              onClick={() =>
                add({
                  key: `item-${fields.length + 1}`,
                  unitCode: course.units[0]?.code,
                  nameZh: '',
                  nameEn: '',
                  maxScore: 10,
                  isCritical: false,
                })
              }
            >
              {t('courses.checklist')}
            </Button>
          </>
        )}
      </Form.List>
      {canEdit ? (
        <div style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={update.isPending}>
            {t('common.save')}
          </Button>
        </div>
      ) : null}
    </Form>
  );
}

export function TrainingCoursesPage() {
  const { t } = useTranslation('trainingClasses');
  const can = useCan();
  const courses = useCourses();
  const [courseId, setCourseId] = useState<number | undefined>();
  const course = courses.data?.find((c) => c.id === courseId) ?? courses.data?.[1] ?? courses.data?.[0];
  const lessons = useLessons(course?.id);
  const reorder = useReorderLessons();
  const [editing, setEditing] = useState<LessonView | null | 'new'>(null);
  const { data: me } = useMe();
  // Courses are changed at their own unit (the province for the seeded ones).
  const canEdit =
    can('training:manage') && !!course && !!me?.grants.some((g) => g.orgPath.split('.').includes(String(course.orgId)));
  const move = (index: number, by: number) => {
    const ids = (lessons.data ?? []).map((l) => l.id);
    const [id] = ids.splice(index, 1);
    ids.splice(index + by, 0, id);
    if (course) {
      reorder.mutate({ courseId: course.id, ids });
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }} size={16}>
      <Card title={t('courses.title')} extra={<span className="tc-muted">{t('courses.hint')}</span>}>
        <Table<CourseView>
          rowKey="id"
          size="small"
          loading={courses.isLoading}
          dataSource={courses.data}
          pagination={false}
          rowClassName={(r) => (r.id === course?.id ? 'ant-table-row-selected' : '')}
          onRow={(r) => ({ onClick: () => setCourseId(r.id), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('classes.course'),
              dataIndex: 'nameZh',
              render: (v, r) => (
                <>
                  {v} <Tag>{t(`courseKind.${r.kind}`)}</Tag>
                </>
              ),
            },
            { title: t('courses.hours'), render: (_, r) => `${r.onlineHours} + ${r.offlineHours}` },
            {
              title: t('courses.theoryPass'),
              render: (_, r) =>
                r.hasTheoryExam ? `${r.theoryPassPercent}% · ${r.theoryMinutes}′ · ×${r.maxAttempts}` : '—',
            },
            {
              title: t('courses.practicalPass'),
              render: (_, r) => (r.hasPracticalExam ? `${r.practicalPassPercent}%` : '—'),
            },
            {
              title: t('courses.certTitle'),
              render: (_, r) =>
                r.certificateTitle ? `${r.certificateTitle} · ${r.certificateYears}年` : t('courses.noCertificate'),
            },
            { title: t('courses.lessons'), dataIndex: 'lessonCount' },
          ]}
        />
      </Card>
      {course ? (
        <Card title={`${t('courses.settings')} · ${course.nameZh}`}>
          <CourseSettings key={course.id} course={course} canEdit={canEdit} />
        </Card>
      ) : null}
      {course ? (
        <Card
          title={`${t('courses.lessons')} · ${course.nameZh}`}
          extra={
            canEdit ? (
              <Button icon={<PlusOutlined />} onClick={() => setEditing('new')}>
                {t('courses.addLesson')}
              </Button>
            ) : null
          }
        >
          <Table<LessonView>
            rowKey="id"
            size="small"
            pagination={false}
            loading={lessons.isLoading}
            dataSource={lessons.data}
            columns={[
              {
                title: t('courses.lessonTitle'),
                dataIndex: 'title',
                render: (v, r) => (
                  <>
                    {v} {r.isActive ? null : <Tag>{t('common.inactive')}</Tag>}
                  </>
                ),
              },
              {
                title: t('courses.syllabusUnit'),
                render: (_, r) => course.units.find((u) => u.code === r.unitCode)?.nameZh ?? r.unitCode,
              },
              {
                title: t('courses.mode'),
                render: (_, r) =>
                  r.mode === 'online' ? (
                    <Tag color="blue">{t('courses.online')}</Tag>
                  ) : (
                    <Tag>{t('courses.offline')}</Tag>
                  ),
              },
              { title: t('courses.minMinutes'), dataIndex: 'minMinutes', width: 110 },
              {
                title: t('courses.required'),
                render: (_, r) => (r.isRequired ? t('common.yes') : t('common.no')),
                width: 70,
              },
              {
                title: t('common.actions'),
                width: 200,
                render: (_, r, i) =>
                  canEdit ? (
                    <Space size={4}>
                      <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} />
                      <Button
                        size="small"
                        icon={<ArrowDownOutlined />}
                        disabled={i === (lessons.data?.length ?? 0) - 1}
                        onClick={() => move(i, 1)}
                      />
                      <Button size="small" onClick={() => setEditing(r)}>
                        {t('common.edit')}
                      </Button>
                    </Space>
                  ) : null,
              },
            ]}
          />
        </Card>
      ) : null}
      {editing && course ? (
        <LessonModal course={course} lesson={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
    </Space>
  );
}
