// One class in a drawer: its information and status steps, the QR poster, trainers and examiners (培考分离), sessions
// with their check-in QR codes, and the roster (waitlist, attendance, study, theory, practical, certificate) with
// enrolment by hand and by Excel (an order class imports its roster), cancel and promote.
import { DeleteOutlined, DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClassTransition } from '../../../../../server/src/modules/training/training-classes.schemas';
import { isApiError } from '../../../app/api-client';
import { useCan } from '../../../app/session';
import { ExcelImportDialog } from '../../../components/excel-import-dialog';
import { chinaMinute, fromChinaInput } from '../../../lib/china-time';
import {
  enrolImportPath,
  enrolTemplateUrl,
  posterUrl,
  type RosterEntry,
  sessionQrUrl,
  uploadEnrolments,
  useClass,
  useClassAction,
  useEnrolmentAction,
  useInstructors,
  useRoster,
} from '../classes-api';
import { ClassStatusTag, dateRange, EnrolStatusTag, ResultTag } from '../components/labels';

type EnrolForm = { name: string; idNumber: string; phone?: string; workplace?: string; serviceRequestId?: string };

function useFail() {
  const { message } = App.useApp();
  return (e: unknown) => message.error(isApiError(e) ? e.message : String(e));
}

export function ClassDetail({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation('trainingClasses');
  const { message, modal } = App.useApp();
  const can = useCan();
  const manage = can('training:manage');
  const cls = useClass(id);
  const roster = useRoster(id);
  const instructors = useInstructors();
  const act = useClassAction(id);
  const enrol = useEnrolmentAction(id);
  const fail = useFail();
  const [staff, setStaff] = useState<{ instructorId?: string; role: 'trainer' | 'examiner' }>({ role: 'trainer' });
  const [session, setSession] = useState({ title: '', startsAt: '', endsAt: '' });
  const [enrolling, setEnrolling] = useState(false);
  const [importing, setImporting] = useState<'excel' | 'roster' | null>(null);
  const [enrolForm] = Form.useForm<EnrolForm>();
  const c = cls.data;

  const transition = (body: ClassTransition) => act.mutate({ kind: 'transition', body }, { onError: fail });
  const cancelClass = () => {
    let reason = '';
    modal.confirm({
      title: t('detail.cancelClass'),
      content: (
        <Input.TextArea placeholder={t('detail.cancelClassReason')} onChange={(e) => (reason = e.target.value)} />
      ),
      onOk: () => act.mutateAsync({ kind: 'transition', body: { to: 'cancelled', reason } }).catch(fail),
    });
  };
  const submitEnrol = (v: EnrolForm) =>
    enrol.mutate(
      {
        kind: 'enrol',
        body: {
          name: v.name,
          idNumber: v.idNumber,
          phone: v.phone || undefined,
          workplace: v.workplace || null,
          serviceRequestId: v.serviceRequestId || undefined,
        },
      },
      {
        onSuccess: (r) => {
          if ('waitlisted' in r && r.waitlisted) {
            message.warning(t('detail.waitlisted', { n: r.waitlistPosition }));
          } else {
            message.success(t('detail.enrolledOk'));
          }
          enrolForm.resetFields();
          setEnrolling(false);
        },
        onError: fail,
      },
    );

  const sessions = c?.sessions ?? [];
  const rosterColumns = [
    { title: t('instructors.name'), dataIndex: 'name', width: 90 },
    {
      title: t('instructors.phone'),
      render: (_: unknown, r: RosterEntry) => (
        <>
          {r.phoneMasked}
          <div className="tc-muted">{r.idNumberMasked}</div>
        </>
      ),
      width: 170,
    },
    { title: t('detail.workplace'), dataIndex: 'workplace', ellipsis: true },
    {
      title: t('classes.status'),
      width: 120,
      render: (_: unknown, r: RosterEntry) => (
        <>
          <EnrolStatusTag status={r.status} />
          {r.waitlistPosition ? (
            <div className="tc-muted">{t('detail.waitlistPlace', { n: r.waitlistPosition })}</div>
          ) : null}
          <div className="tc-muted">{t(`source.${r.source}`)}</div>
        </>
      ),
    },
    {
      title: t('detail.attendance'),
      width: 150,
      render: (_: unknown, r: RosterEntry) =>
        sessions.length === 0 ? (
          '—'
        ) : (
          <Space size={4} wrap>
            {sessions.map((s) => {
              const present = r.presentSessionIds.includes(s.id);
              const usable = manage && (r.status === 'enrolled' || r.status === 'completed' || r.status === 'failed');
              return (
                <Tag
                  key={s.id}
                  color={present ? 'green' : undefined}
                  style={{ cursor: usable ? 'pointer' : undefined }}
                  onClick={() =>
                    usable &&
                    enrol.mutate(
                      { kind: 'attendance', body: { sessionId: s.id, enrolmentId: r.id, present: !present } },
                      { onError: fail },
                    )
                  }
                >
                  {s.seq}
                </Tag>
              );
            })}
          </Space>
        ),
    },
    {
      title: t('detail.lessonsDone'),
      width: 90,
      render: (_: unknown, r: RosterEntry) =>
        r.lessonsDoneAt ? <Tag color="green">{t('detail.done')}</Tag> : <Tag>{t('detail.notDone')}</Tag>,
    },
    {
      title: t('detail.theory'),
      width: 90,
      render: (_: unknown, r: RosterEntry) => <ResultTag result={r.theoryResult} score={r.theoryScore} />,
    },
    {
      title: t('detail.practical'),
      width: 90,
      render: (_: unknown, r: RosterEntry) => <ResultTag result={r.practicalResult} score={r.practicalScore} />,
    },
    {
      title: t('detail.certificate'),
      width: 80,
      render: (_: unknown, r: RosterEntry) => (r.certificateId ? <Tag color="blue">{t('detail.issued')}</Tag> : '—'),
    },
    {
      title: t('common.actions'),
      width: 130,
      render: (_: unknown, r: RosterEntry) =>
        manage ? (
          <Space size={4}>
            {r.status === 'waitlisted' ? (
              <Button
                size="small"
                onClick={() => enrol.mutate({ kind: 'promote', enrolmentId: r.id }, { onError: fail })}
              >
                {t('detail.promote')}
              </Button>
            ) : null}
            {r.status === 'enrolled' || r.status === 'waitlisted' ? (
              <Popconfirm
                title={t('detail.cancelEnrolment')}
                onConfirm={() => enrol.mutateAsync({ kind: 'cancel', enrolmentId: r.id }).catch(fail)}
              >
                <Button size="small" danger>
                  {t('detail.cancelEnrolment')}
                </Button>
              </Popconfirm>
            ) : null}
          </Space>
        ) : null,
    },
  ];

  return (
    <Drawer open width={1180} onClose={onClose} title={c ? `${c.title} · ${c.classNo}` : ''} loading={cls.isLoading}>
      {c ? (
        <div data-testid="class-detail">
          <Space style={{ marginBottom: 12 }} wrap>
            <ClassStatusTag status={c.status} />
            {manage && c.status === 'draft' ? (
              <Button type="primary" onClick={() => transition({ to: 'open' })} data-testid="open-class">
                {t('detail.open')}
              </Button>
            ) : null}
            {manage && c.status === 'open' ? (
              <Button onClick={() => transition({ to: 'closed' })}>{t('detail.close')}</Button>
            ) : null}
            {manage && c.status === 'closed' ? (
              <Button onClick={() => transition({ to: 'open' })}>{t('detail.reopen')}</Button>
            ) : null}
            {manage && (c.status === 'open' || c.status === 'closed') ? (
              <Button onClick={() => transition({ to: 'finished' })}>{t('detail.finish')}</Button>
            ) : null}
            {manage && c.status !== 'finished' && c.status !== 'cancelled' ? (
              <Button danger onClick={cancelClass}>
                {t('detail.cancelClass')}
              </Button>
            ) : null}
            <a href={posterUrl(c.id)} download={`${c.classNo}.png`}>
              <Button icon={<DownloadOutlined />}>{t('detail.poster')}</Button>
            </a>
            <Typography.Link href={c.publicUrl} target="_blank">
              {t('detail.publicLink')}
            </Typography.Link>
          </Space>
          <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
            <Descriptions size="small" column={2} bordered style={{ flex: 1 }}>
              <Descriptions.Item label={t('classes.course')}>{c.courseName}</Descriptions.Item>
              <Descriptions.Item label={t('common.unit')}>{c.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('classes.kind')}>
                {t(`classKind.${c.kind}`)}
                {c.orderOrgName
                  ? ` · ${c.orderOrgName}(${c.orderContactName ?? ''} ${c.orderContactPhoneMasked ?? ''})`
                  : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('classes.dates')}>{dateRange(c.startsOn, c.endsOn)}</Descriptions.Item>
              <Descriptions.Item label={t('classes.venue')} span={2}>
                {c.venue}
              </Descriptions.Item>
              <Descriptions.Item label={t('classes.enrolled')}>
                {c.enrolledCount} / {c.capacity}
                {c.waitlistCount > 0 ? `(${t('classes.waitlist')} ${c.waitlistCount})` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('classes.enrolClosesAt')}>
                {chinaMinute(c.enrolClosesAt) || '—'}
              </Descriptions.Item>
            </Descriptions>
            <img src={posterUrl(c.id)} alt="QR" className="tc-qr" />
          </div>

          <h3 style={{ marginTop: 20 }}>{t('detail.staff')}</h3>
          <Typography.Paragraph type="secondary">{t('detail.staffHint')}</Typography.Paragraph>
          <Space wrap style={{ marginBottom: 8 }}>
            {c.staff.map((s) => (
              <Tag
                key={`${s.instructorId}-${s.role}`}
                color={s.role === 'examiner' ? 'purple' : 'blue'}
                closable={manage}
                onClose={(e) => {
                  e.preventDefault();
                  act.mutate({ kind: 'unassign', instructorId: s.instructorId, role: s.role }, { onError: fail });
                }}
              >
                {t(`role.${s.role}`)}:{s.name}
              </Tag>
            ))}
          </Space>
          {manage ? (
            <Space.Compact style={{ display: 'flex', maxWidth: 520 }}>
              <Select
                style={{ flex: 1 }}
                placeholder={t('detail.instructor')}
                value={staff.instructorId}
                onChange={(v) => setStaff((s) => ({ ...s, instructorId: v }))}
                options={(instructors.data ?? [])
                  .filter((i) => i.isActive)
                  .map((i) => ({ value: i.id, label: `${i.name} · ${i.orgName}` }))}
              />
              <Select
                style={{ width: 110 }}
                value={staff.role}
                onChange={(v) => setStaff((s) => ({ ...s, role: v }))}
                options={[
                  { value: 'trainer', label: t('role.trainer') },
                  { value: 'examiner', label: t('role.examiner') },
                ]}
              />
              <Button
                type="primary"
                disabled={!staff.instructorId}
                onClick={() =>
                  act.mutate(
                    { kind: 'assign', body: { instructorId: staff.instructorId!, role: staff.role } },
                    { onError: fail, onSuccess: () => setStaff({ role: staff.role }) },
                  )
                }
              >
                {t('detail.assign')}
              </Button>
            </Space.Compact>
          ) : null}

          <h3 style={{ marginTop: 20 }}>{t('detail.sessions')}</h3>
          <Table
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={c.sessions}
            columns={[
              { title: '#', dataIndex: 'seq', width: 40 },
              { title: t('detail.sessionTitle'), dataIndex: 'title' },
              { title: t('detail.startsAt'), render: (_, s) => chinaMinute(s.startsAt), width: 150 },
              { title: t('detail.endsAt'), render: (_, s) => chinaMinute(s.endsAt), width: 150 },
              {
                title: t('detail.attendance'),
                render: (_, s) => t('detail.present', { n: s.presentCount }),
                width: 100,
              },
              {
                title: t('detail.checkinQr'),
                width: 110,
                render: (_, s) => (
                  <a href={sessionQrUrl(c.id, s.id)} download={`${c.classNo}-${s.seq}.png`}>
                    <img src={sessionQrUrl(c.id, s.id)} alt="QR" style={{ width: 64, height: 64 }} />
                  </a>
                ),
              },
              {
                title: '',
                width: 50,
                render: (_, s) =>
                  manage ? (
                    <Popconfirm
                      title="?"
                      onConfirm={() => act.mutateAsync({ kind: 'removeSession', sessionId: s.id }).catch(fail)}
                    >
                      <Button size="small" type="text" danger icon={<DeleteOutlined />} />
                    </Popconfirm>
                  ) : null,
              },
            ]}
          />
          {manage && c.status !== 'finished' && c.status !== 'cancelled' ? (
            <Space.Compact style={{ display: 'flex', marginTop: 8, maxWidth: 760 }}>
              <Input
                placeholder={t('detail.sessionTitle')}
                value={session.title}
                onChange={(e) => setSession({ ...session, title: e.target.value })}
              />
              <Input
                type="datetime-local"
                value={session.startsAt}
                onChange={(e) => setSession({ ...session, startsAt: e.target.value })}
              />
              <Input
                type="datetime-local"
                value={session.endsAt}
                onChange={(e) => setSession({ ...session, endsAt: e.target.value })}
              />
              <Button
                icon={<PlusOutlined />}
                disabled={!session.title || !session.startsAt || !session.endsAt}
                onClick={() =>
                  act.mutate(
                    {
                      kind: 'session',
                      body: {
                        title: session.title,
                        startsAt: fromChinaInput(session.startsAt),
                        endsAt: fromChinaInput(session.endsAt),
                      },
                    },
                    { onError: fail, onSuccess: () => setSession({ title: '', startsAt: '', endsAt: '' }) },
                  )
                }
              >
                {t('detail.addSession')}
              </Button>
            </Space.Compact>
          ) : null}

          <div className="tc-row" style={{ marginTop: 20, alignItems: 'center' }}>
            <h3 style={{ margin: 0 }}>{t('detail.roster')}</h3>
            {manage && c.status === 'open' ? (
              <Space>
                <Button
                  type="primary"
                  icon={<PlusOutlined />}
                  onClick={() => setEnrolling(true)}
                  data-testid="enrol-learner"
                >
                  {t('detail.enrol')}
                </Button>
                <Button icon={<UploadOutlined />} onClick={() => setImporting(c.kind === 'order' ? 'roster' : 'excel')}>
                  {c.kind === 'order' ? t('detail.importRoster') : t('detail.importExcel')}
                </Button>
              </Space>
            ) : null}
          </div>
          <Table<RosterEntry>
            size="small"
            rowKey="id"
            style={{ marginTop: 8 }}
            loading={roster.isLoading}
            dataSource={roster.data?.items}
            pagination={{ pageSize: 50, hideOnSinglePage: true }}
            columns={rosterColumns}
            scroll={{ x: 1100 }}
          />
        </div>
      ) : null}
      {enrolling ? (
        <Modal
          open
          title={t('detail.enrol')}
          onCancel={() => setEnrolling(false)}
          onOk={() => enrolForm.submit()}
          confirmLoading={enrol.isPending}
        >
          <Form form={enrolForm} layout="vertical" onFinish={submitEnrol}>
            <Form.Item name="name" label={t('instructors.name')} rules={[{ required: true }]}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="idNumber" label={t('instructors.idNumber')} rules={[{ required: true, min: 15 }]}>
              <Input maxLength={18} />
            </Form.Item>
            <Form.Item name="phone" label={t('instructors.phone')}>
              <Input maxLength={20} />
            </Form.Item>
            <Form.Item name="workplace" label={t('detail.workplace')}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="serviceRequestId" label={t('detail.hallRequest')}>
              <Input />
            </Form.Item>
          </Form>
        </Modal>
      ) : null}
      {importing && c ? (
        <ExcelImportDialog
          title={importing === 'roster' ? t('detail.importRoster') : t('detail.importExcel')}
          doneTitle={(count) => t('detail.importDone', { count })}
          upload={(file, onProgress) => uploadEnrolments(c.id, importing, file, onProgress)}
          importPath={enrolImportPath(c.id)}
          onClose={() => setImporting(null)}
          onImported={() => void roster.refetch()}
          before={
            <a href={enrolTemplateUrl()} download>
              <Button icon={<DownloadOutlined />}>{t('detail.template')}</Button>
            </a>
          }
        />
      ) : null}
    </Drawer>
  );
}
