// One deployment, step by step in the field (phone or tablet): who was dispatched, each member's departure and return
// (one tap for "now", or an exact time), the whole team leaving or coming back, what was done (tasks, people helped
// and rescued, equipment used, photos), closing, and the timeline.
import { ArrowLeftOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Steps,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { deploymentStatuses } from '../../../../../server/src/modules/rescue/rescue.schemas';
import { useCan } from '../../../app/session';
import { EvidenceUpload } from '../../../components/evidence-upload';
import { formatDateTime, fromChinaInput, toChinaInput } from '../../../lib/china-time';
import {
  type DeploymentView,
  useAdvanceDeployment,
  useDeployment,
  useDispatchMembers,
  useEquipment,
  useMembers,
  useMemberTimes,
  useReportDeployment,
} from '../api';
import { statusColor } from './deployments-page';
import { kindLabel, roleLabel, shortTime } from './rescue-labels';

type Member = DeploymentView['dispatched'][number];

function TimesModal({ d, m, onClose }: { d: DeploymentView; m: Member; onClose: () => void }) {
  const { t } = useTranslation('rescue');
  const { message } = App.useApp();
  const times = useMemberTimes();
  const [departed, setDeparted] = useState(toChinaInput(m.departedAt));
  const [returned, setReturned] = useState(toChinaInput(m.returnedAt));
  return (
    <Modal
      open
      title={`${m.name} · ${t('deployment.setTimes')}`}
      okButtonProps={{ loading: times.isPending, 'data-testid': 'times-save' }}
      onCancel={onClose}
      onOk={() =>
        times.mutate(
          {
            id: d.id,
            memberId: m.memberId,
            input: {
              departedAt: departed ? fromChinaInput(departed) : null,
              returnedAt: returned ? fromChinaInput(returned) : null,
            },
          },
          { onSuccess: onClose, onError: (e) => message.error(e.message) },
        )
      }
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {t('deployment.departed')}
        <Input
          type="datetime-local"
          value={departed}
          onChange={(e) => setDeparted(e.target.value)}
          data-testid="time-departed"
        />
        {t('deployment.returned')}
        <Input
          type="datetime-local"
          value={returned}
          onChange={(e) => setReturned(e.target.value)}
          data-testid="time-returned"
        />
      </Space>
    </Modal>
  );
}

function ReportCard({ d, canEdit }: { d: DeploymentView; canEdit: boolean }) {
  const { t } = useTranslation('rescue');
  const { message } = App.useApp();
  const report = useReportDeployment();
  const equipment = useEquipment(d.teamOrgId);
  const [form] = Form.useForm<{ tasks: string; peopleHelped: number; peopleRescued: number; equipmentIds: string[] }>();
  const save = (v: { tasks: string; peopleHelped: number; peopleRescued: number; equipmentIds: string[] }) =>
    report.mutate(
      {
        id: d.id,
        input: {
          tasks: v.tasks || null,
          peopleHelped: v.peopleHelped ?? 0,
          peopleRescued: v.peopleRescued ?? 0,
          equipmentUsed: (v.equipmentIds ?? []).map((id) => ({
            equipmentId: id,
            quantity: d.equipmentUsed.find((e) => e.equipmentId === id)?.quantity ?? 1,
          })),
        },
      },
      { onSuccess: () => message.success(t('deployment.saved')), onError: (e) => message.error(e.message) },
    );
  return (
    <Card size="small" title={t('deployment.report')}>
      <Form
        form={form}
        layout="vertical"
        disabled={!canEdit}
        initialValues={{
          tasks: d.tasks ?? '',
          peopleHelped: d.peopleHelped,
          peopleRescued: d.peopleRescued,
          equipmentIds: d.equipmentUsed.map((e) => e.equipmentId),
        }}
        onFinish={save}
      >
        <Form.Item name="tasks" label={t('deployment.tasks')}>
          <Input.TextArea rows={3} maxLength={4000} data-testid="report-tasks" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="peopleHelped" label={t('deployments.helped')}>
            <InputNumber min={0} data-testid="report-helped" />
          </Form.Item>
          <Form.Item name="peopleRescued" label={t('deployments.rescued')}>
            <InputNumber min={0} data-testid="report-rescued" />
          </Form.Item>
        </Space>
        <Form.Item name="equipmentIds" label={t('deployment.equipmentUsed')}>
          <Select mode="multiple" options={(equipment.data ?? []).map((e) => ({ value: e.id, label: e.name }))} />
        </Form.Item>
        {canEdit ? (
          <Button htmlType="submit" type="primary" loading={report.isPending} data-testid="report-save">
            {t('deployment.saveReport')}
          </Button>
        ) : null}
      </Form>
      <Typography.Paragraph style={{ marginTop: 16, marginBottom: 4 }}>
        {t('deployment.photos')}:{d.photoFileIds.length}
      </Typography.Paragraph>
      <Space wrap>
        {d.photoFileIds.map((id) => (
          <a key={id} href={`/api/files/${id}`} target="_blank" rel="noreferrer">
            <img
              src={`/api/files/${id}`}
              alt=""
              style={{ width: 96, height: 72, objectFit: 'cover', borderRadius: 4 }}
            />
          </a>
        ))}
      </Space>
      {canEdit ? (
        <div style={{ marginTop: 8 }}>
          <EvidenceUpload
            hint={t('deployment.addPhoto')}
            onChange={(id) => {
              if (id) {
                report.mutate(
                  { id: d.id, input: { photoFileIds: [...d.photoFileIds, id] } },
                  { onError: (e) => message.error(e.message) },
                );
              }
            }}
          />
        </div>
      ) : null}
    </Card>
  );
}

export function RescueDeploymentPage() {
  const { t, i18n } = useTranslation('rescue');
  const { message } = App.useApp();
  const { id } = useParams();
  const can = useCan();
  const deployment = useDeployment(id);
  const times = useMemberTimes();
  const advance = useAdvanceDeployment();
  const dispatch = useDispatchMembers();
  const [editing, setEditing] = useState<Member | null>(null);
  const [adding, setAdding] = useState<string[] | null>(null);
  const d = deployment.data;
  const members = useMembers(d?.teamOrgId);
  const lang = i18n.language;
  if (!d) {
    return <Card loading />;
  }
  const canEdit = can('rescue:manage') && d.status !== 'closed';
  const fail = (e: Error) => message.error(e.message);
  const now = () => new Date().toISOString();
  const step = deploymentStatuses.indexOf(d.status);
  const notDispatched = (members.data ?? []).filter((m) => !d.dispatched.some((x) => x.memberId === m.id));
  return (
    <Space
      orientation="vertical"
      size={12}
      style={{ width: '100%', maxWidth: 900 }}
      data-testid="rescue-deployment-page"
    >
      <Link to="/console/rescue/deployments">
        <ArrowLeftOutlined /> {t('deployment.back')}
      </Link>
      <Card size="small">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {kindLabel(d.incidentKind, lang)} · {d.place}
        </Typography.Title>
        <Space wrap size={4}>
          <Tag color={statusColor[d.status]} data-testid="deployment-status">
            {t(`deploymentStatus.${d.status}`)}
          </Tag>
          <Typography.Text type="secondary">
            {d.teamName} · {d.deploymentNo} · {formatDateTime(d.calledOutAt, lang)}
          </Typography.Text>
        </Space>
        {d.description ? <Typography.Paragraph style={{ marginTop: 8 }}>{d.description}</Typography.Paragraph> : null}
        <Steps
          size="small"
          current={step}
          style={{ marginTop: 12 }}
          items={deploymentStatuses.map((s) => ({ title: t(`deployment.steps.${s}`) }))}
        />
      </Card>
      <Card
        size="small"
        title={`${t('deployment.who')}(${d.dispatched.length})`}
        extra={
          canEdit && (d.status === 'called_out' || d.status === 'deployed') ? (
            <Button size="small" onClick={() => setAdding([])}>
              {t('deployment.addMembers')}
            </Button>
          ) : null
        }
      >
        <List
          dataSource={d.dispatched}
          renderItem={(m) => (
            <List.Item
              data-testid={`dispatched-${m.name}`}
              actions={
                canEdit
                  ? [
                      !m.departedAt ? (
                        <Button
                          key="go"
                          size="small"
                          type="primary"
                          onClick={() =>
                            times.mutate(
                              { id: d.id, memberId: m.memberId, input: { departedAt: now() } },
                              { onError: fail },
                            )
                          }
                        >
                          {t('deployment.departNow')}
                        </Button>
                      ) : !m.returnedAt ? (
                        <Button
                          key="back"
                          size="small"
                          onClick={() =>
                            times.mutate(
                              { id: d.id, memberId: m.memberId, input: { returnedAt: now() } },
                              { onError: fail },
                            )
                          }
                        >
                          {t('deployment.returnNow')}
                        </Button>
                      ) : null,
                      <Button
                        key="edit"
                        size="small"
                        type="link"
                        onClick={() => setEditing(m)}
                        data-testid={`times-${m.name}`}
                      >
                        {t('deployment.setTimes')}
                      </Button>,
                    ]
                  : []
              }
            >
              <List.Item.Meta
                title={
                  <span>
                    {m.name} <Typography.Text type="secondary">{roleLabel(m.role, lang)}</Typography.Text>{' '}
                    {m.isPartyMember ? <Tag color="red">{t('team.partyMember')}</Tag> : null}
                  </span>
                }
                description={`${t('deployment.departed')} ${shortTime(m.departedAt, lang)} · ${t('deployment.returned')} ${shortTime(m.returnedAt, lang)}${
                  m.minutes !== null ? ` · ${t('deployment.minutes', { h: Math.round(m.minutes / 6) / 10 })}` : ''
                }`}
              />
            </List.Item>
          )}
        />
        {canEdit ? (
          <Space wrap style={{ marginTop: 8 }}>
            {d.status === 'called_out' ? (
              <Button
                type="primary"
                loading={advance.isPending}
                onClick={() => advance.mutate({ id: d.id, input: { to: 'deployed' } }, { onError: fail })}
              >
                {t('deployment.allDepart')}
              </Button>
            ) : null}
            {d.status === 'deployed' ? (
              <Button
                type="primary"
                loading={advance.isPending}
                onClick={() => advance.mutate({ id: d.id, input: { to: 'returned' } }, { onError: fail })}
                data-testid="all-return"
              >
                {t('deployment.allReturn')}
              </Button>
            ) : null}
            {d.status === 'returned' ? (
              <Button
                type="primary"
                danger
                loading={advance.isPending}
                onClick={() => advance.mutate({ id: d.id, input: { to: 'closed' } }, { onError: fail })}
                data-testid="close-deployment"
              >
                {t('deployment.close')}
              </Button>
            ) : null}
          </Space>
        ) : null}
      </Card>
      <ReportCard key={`${d.id}-${d.status}`} d={d} canEdit={canEdit} />
      <Card size="small" title={t('deployment.timeline')}>
        <Timeline
          items={d.timeline.map((e) => ({
            children: (
              <span>
                <b>{shortTime(e.at, lang)}</b> {t(`event.${e.kind}` as 'event.report', { defaultValue: e.kind })}
                {e.note ? ` · ${e.note}` : ''} <Typography.Text type="secondary">({e.actorLabel})</Typography.Text>
              </span>
            ),
          }))}
        />
      </Card>
      {editing ? <TimesModal d={d} m={editing} onClose={() => setEditing(null)} /> : null}
      <Modal
        open={adding !== null}
        title={t('deployment.addMembers')}
        okButtonProps={{ loading: dispatch.isPending, disabled: !adding?.length }}
        onCancel={() => setAdding(null)}
        onOk={() =>
          dispatch.mutate({ id: d.id, memberIds: adding ?? [] }, { onSuccess: () => setAdding(null), onError: fail })
        }
      >
        <Checkbox.Group
          value={adding ?? []}
          onChange={(v) => setAdding(v as string[])}
          options={notDispatched.map((m) => ({ value: m.id, label: m.name }))}
        />
      </Modal>
    </Space>
  );
}
