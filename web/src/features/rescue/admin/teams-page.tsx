// 救援队: the teams in the chosen unit's subtree with captain, members, party members, equipment and expiring
// certifications; a new team is a rescue_team unit with its profile.
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  provinceStatuses,
  specialities,
  type TeamProfile,
} from '../../../../../server/src/modules/rescue/rescue.schemas';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { type TeamView, useCreateTeam, useSaveProfile, useTeams } from '../api';
import { roleLabel, specialityLabel } from './rescue-labels';

type ProfileForm = TeamProfile & { parentId?: number; name?: string };

/** The profile form of a team; with `create`, also the branch and the name of the new unit. */
export function TeamProfileModal({ team, onClose }: { team?: TeamView; onClose: () => void }) {
  const { t, i18n } = useTranslation('rescue');
  const { message } = App.useApp();
  const { unitId } = useScope();
  const [form] = Form.useForm<ProfileForm>();
  const create = useCreateTeam();
  const save = useSaveProfile();
  const lang = i18n.language;
  const submit = (v: ProfileForm) => {
    const profile: TeamProfile = {
      speciality: v.speciality,
      provinceStatus: v.provinceStatus,
      provinceRegNo: v.provinceRegNo || null,
      registeredOn: v.registeredOn || null,
      foundedOn: v.foundedOn || null,
      baseAddress: v.baseAddress || null,
      baseLat: v.baseLat ?? null,
      baseLng: v.baseLng ?? null,
      contactName: v.contactName || null,
      contactPhone: v.contactPhone || null,
      description: v.description || null,
    };
    const done = { onSuccess: onClose, onError: (e: Error) => message.error(e.message) };
    if (team) {
      save.mutate({ orgId: team.orgId, input: profile }, done);
    } else {
      create.mutate({ ...profile, parentId: v.parentId!, name: v.name!.trim() }, done);
    }
  };
  return (
    <Modal
      open
      title={team ? `${team.name} · ${t('teams.edit')}` : t('teams.create')}
      okButtonProps={{ loading: create.isPending || save.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<ProfileForm>
        form={form}
        layout="vertical"
        initialValues={
          team
            ? { ...team, speciality: team.speciality ?? 'water' }
            : { parentId: unitId ?? undefined, speciality: 'water', provinceStatus: 'unregistered' }
        }
        onFinish={submit}
      >
        {team ? null : (
          <>
            <Form.Item name="parentId" label={t('teams.parent')} rules={[{ required: true }]}>
              <OrgPicker />
            </Form.Item>
            <Form.Item name="name" label={t('teams.name')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={100} />
            </Form.Item>
          </>
        )}
        <Form.Item name="speciality" label={t('teams.speciality')} rules={[{ required: true }]}>
          <Select options={specialities.map((s) => ({ value: s, label: specialityLabel(s, lang) }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="provinceStatus" label={t('teams.provinceStatus')}>
            <Select
              style={{ width: 200 }}
              options={provinceStatuses.map((s) => ({ value: s, label: t(`provinceStatus.${s}`) }))}
            />
          </Form.Item>
          <Form.Item name="provinceRegNo" label={t('teams.provinceRegNo')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="registeredOn" label={t('teams.registeredOn')}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="foundedOn" label={t('teams.foundedOn')}>
            <Input type="date" />
          </Form.Item>
        </Space>
        <Form.Item name="baseAddress" label={t('teams.baseAddress')}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="baseLat" label="纬度 lat">
            <InputNumber min={-90} max={90} step={0.0001} />
          </Form.Item>
          <Form.Item name="baseLng" label="经度 lng">
            <InputNumber min={-180} max={180} step={0.0001} />
          </Form.Item>
          <Form.Item name="contactName" label={t('teams.contactName')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="contactPhone" label={t('teams.contactPhone')}>
            <Input maxLength={30} />
          </Form.Item>
        </Space>
        <Form.Item name="description" label={t('teams.description')}>
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RescueTeamsPage() {
  const { t, i18n } = useTranslation('rescue');
  const { unitId } = useScope();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const [creating, setCreating] = useState(false);
  const teams = useTeams(orgId ?? unitId ?? null);
  const lang = i18n.language;
  return (
    <Card
      title={t('teams.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('teams.create')}
        </Button>
      }
      data-testid="rescue-teams-page"
    >
      <Typography.Paragraph type="secondary">{t('teams.lead')}</Typography.Paragraph>
      <Space style={{ marginBottom: 12 }}>
        <OrgPicker value={orgId ?? unitId ?? undefined} onChange={setOrgId} style={{ width: 260 }} />
      </Space>
      <Table<TeamView>
        rowKey="orgId"
        loading={teams.isLoading}
        dataSource={teams.data}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('teams.none') }}
        columns={[
          {
            title: t('teams.name'),
            dataIndex: 'name',
            render: (v: string, r) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/console/rescue/teams/${r.orgId}`}>{v}</Link>
                <Typography.Text type="secondary">{r.parentName}</Typography.Text>
              </Space>
            ),
          },
          {
            title: t('teams.speciality'),
            dataIndex: 'speciality',
            width: 130,
            render: (v: string) => <Tag color="blue">{specialityLabel(v, lang)}</Tag>,
          },
          {
            title: t('teams.provinceStatus'),
            dataIndex: 'provinceStatus',
            width: 170,
            render: (v: TeamView['provinceStatus']) => (
              <Tag color={v === 'registered' ? 'green' : 'default'}>{t(`provinceStatus.${v}`)}</Tag>
            ),
          },
          {
            title: t('teams.leaders'),
            width: 170,
            render: (_, r) => r.leaders.map((l) => `${l.name}(${roleLabel(l.role, lang)})`).join('、'),
          },
          { title: t('teams.members'), dataIndex: 'activeMembers', width: 90 },
          { title: t('teams.party'), dataIndex: 'partyMembers', width: 80 },
          { title: t('teams.equipment'), dataIndex: 'equipmentLines', width: 90 },
          {
            title: t('teams.expiring'),
            dataIndex: 'expiringCertifications',
            width: 100,
            render: (v: number) => (v > 0 ? <Tag color="orange">{v}</Tag> : 0),
          },
          { title: t('teams.open'), dataIndex: 'openDeployments', width: 100 },
        ]}
      />
      {creating ? <TeamProfileModal onClose={() => setCreating(false)} /> : null}
    </Card>
  );
}
