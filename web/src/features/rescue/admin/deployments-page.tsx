// 出动记录: the deployments in scope, and logging a new call-out on a phone or tablet in the field — team, incident,
// place (with the device's position), call-out time and the members dispatched; the next steps are on its own page.
import { AimOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { incidentKinds } from '../../../../../server/src/modules/rescue/rescue.schemas';
import { useCan, useScope } from '../../../app/session';
import { chinaInputNow, formatDateTime, fromChinaInput } from '../../../lib/china-time';
import { type DeploymentSummary, useCallOut, useDeployments, useMembers, useTeams } from '../api';
import { kindLabel } from './rescue-labels';

export const statusColor = { called_out: 'gold', deployed: 'red', returned: 'blue', closed: 'default' } as const;

type NewForm = {
  teamOrgId: number;
  incidentKind: (typeof incidentKinds)[number];
  place: string;
  description?: string;
  calledOutAt: string;
  memberIds: string[];
};

function CallOutModal({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation('rescue');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { unitId } = useScope();
  const teams = useTeams(unitId ?? null);
  const [form] = Form.useForm<NewForm>();
  const teamOrgId = Form.useWatch('teamOrgId', form);
  const members = useMembers(teamOrgId);
  const callOut = useCallOut();
  // A leader of one team logs for that team: it is chosen already.
  useEffect(() => {
    if (teams.data?.length === 1 && !form.getFieldValue('teamOrgId')) {
      form.setFieldValue('teamOrgId', teams.data[0].orgId);
    }
  }, [teams.data, form]);
  const [position, setPosition] = useState<{ lat: number; lng: number } | null>(null);
  const [locating, setLocating] = useState(false);
  const locate = () => {
    setLocating(true);
    navigator.geolocation?.getCurrentPosition(
      (p) => {
        setLocating(false);
        setPosition({
          lat: Math.round(p.coords.latitude * 1e6) / 1e6,
          lng: Math.round(p.coords.longitude * 1e6) / 1e6,
        });
      },
      () => {
        setLocating(false);
        message.warning(t('deployments.noLocation'));
      },
      { timeout: 10_000 },
    );
  };
  return (
    <Modal
      open
      title={t('deployments.new')}
      okButtonProps={{ loading: callOut.isPending, 'data-testid': 'callout-submit' }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<NewForm>
        form={form}
        layout="vertical"
        initialValues={{ incidentKind: 'flood', calledOutAt: chinaInputNow(), memberIds: [] }}
        onFinish={(v) =>
          callOut.mutate(
            {
              teamOrgId: v.teamOrgId,
              incidentKind: v.incidentKind,
              place: v.place.trim(),
              description: v.description || null,
              calledOutAt: fromChinaInput(v.calledOutAt),
              lat: position?.lat ?? null,
              lng: position?.lng ?? null,
              memberIds: v.memberIds,
            },
            {
              onSuccess: (d) => navigate(`/console/rescue/deployments/${d.id}`),
              onError: (e) => message.error(e.message),
            },
          )
        }
      >
        <Form.Item name="teamOrgId" label={t('deployments.team')} rules={[{ required: true }]}>
          <Select
            data-testid="callout-team"
            options={(teams.data ?? []).map((tm) => ({ value: tm.orgId, label: tm.name }))}
          />
        </Form.Item>
        <Space wrap>
          <Form.Item name="incidentKind" label={t('deployments.kind')}>
            <Select
              style={{ width: 150 }}
              options={incidentKinds.map((k) => ({ value: k, label: kindLabel(k, i18n.language) }))}
            />
          </Form.Item>
          <Form.Item name="calledOutAt" label={t('deployments.calledOutAt')} rules={[{ required: true }]}>
            <Input type="datetime-local" />
          </Form.Item>
        </Space>
        <Form.Item name="place" label={t('deployments.place')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space style={{ marginBottom: 12 }}>
          <Button icon={<AimOutlined />} onClick={locate} loading={locating}>
            {t('deployments.useLocation')}
          </Button>
          {position ? (
            <Typography.Text type="secondary">
              {t('deployments.located', { lat: position.lat, lng: position.lng })}
            </Typography.Text>
          ) : null}
        </Space>
        <Form.Item name="description" label={t('deployments.description')}>
          <Input.TextArea maxLength={2000} rows={2} />
        </Form.Item>
        {teamOrgId ? (
          <Form.Item name="memberIds" label={t('deployments.pickMembers')}>
            <Checkbox.Group
              data-testid="callout-members"
              options={(members.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
            />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

export function RescueDeploymentsPage() {
  const { t, i18n } = useTranslation('rescue');
  const can = useCan();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const list = useDeployments({ page, pageSize: 20 });
  const lang = i18n.language;
  return (
    <Card
      title={t('deployments.title')}
      extra={
        can('rescue:manage') ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="callout-open">
            {t('deployments.new')}
          </Button>
        ) : null
      }
      data-testid="rescue-deployments-page"
    >
      <Table<DeploymentSummary>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items}
        scroll={{ x: 900 }}
        pagination={{ current: page, pageSize: 20, total: list.data?.total, onChange: setPage }}
        columns={[
          {
            title: t('deployments.calledOutAt'),
            dataIndex: 'calledOutAt',
            width: 170,
            render: (v: string, d) => <Link to={`/console/rescue/deployments/${d.id}`}>{formatDateTime(v, lang)}</Link>,
          },
          {
            title: t('deployments.kind'),
            dataIndex: 'incidentKind',
            width: 100,
            render: (v: string) => kindLabel(v, lang),
          },
          { title: t('deployments.place'), dataIndex: 'place' },
          { title: t('deployments.team'), dataIndex: 'teamName', width: 200 },
          {
            title: t('deployments.status'),
            dataIndex: 'status',
            width: 90,
            render: (v: DeploymentSummary['status']) => <Tag color={statusColor[v]}>{t(`deploymentStatus.${v}`)}</Tag>,
          },
          {
            title: t('deployments.members'),
            width: 110,
            render: (_, d) => `${d.members}(${t('deployments.partyMembers')} ${d.partyMembers})`,
          },
          { title: t('deployments.helped'), dataIndex: 'peopleHelped', width: 90 },
          { title: t('deployments.rescued'), dataIndex: 'peopleRescued', width: 70 },
        ]}
      />
      {creating ? <CallOutModal onClose={() => setCreating(false)} /> : null}
    </Card>
  );
}
