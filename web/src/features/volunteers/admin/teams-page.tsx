// 志愿服务队: teams of the scope unit's subtree with their leader(s) and members; create a team, add or remove members.
import { Button, Card, Form, Input, Modal, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useScope } from '../../../app/session';
import { OrgPicker } from '../../../components/org-picker';
import { useCreateTeam, useRemoveTeamMember, useSetTeamMember, useTeams, useVolunteers } from '../api';

export function VolunteerTeamsPage() {
  const { t } = useTranslation('volunteers');
  const { unitId } = useScope();
  const [orgId, setOrgId] = useState<number | undefined>(undefined);
  const unit = orgId ?? unitId ?? null;
  const teams = useTeams(unit);
  const volunteers = useVolunteers({ orgId: unit ?? undefined, status: 'approved', page: 1, pageSize: 200 });
  const create = useCreateTeam();
  const setMember = useSetTeamMember();
  const remove = useRemoveTeamMember();
  const [creating, setCreating] = useState(false);
  const [adding, setAdding] = useState<Record<string, { volunteerId?: string; role: 'leader' | 'member' }>>({});
  return (
    <div data-testid="volunteer-teams-page">
      <Space wrap style={{ marginBottom: 12 }}>
        <OrgPicker value={unit ?? undefined} onChange={(v) => setOrgId(v ?? undefined)} style={{ width: 260 }} />
        <Button type="primary" onClick={() => setCreating(true)} disabled={unit === null}>
          {t('admin.newTeam')}
        </Button>
      </Space>
      {(teams.data ?? []).map((team) => (
        <Card key={team.id} title={`${team.name} · ${team.orgName}`} style={{ marginBottom: 12 }} size="small">
          {team.description ? <p>{team.description}</p> : null}
          <Space wrap style={{ marginBottom: 8 }}>
            {team.members.map((m) => (
              <Tag
                key={m.volunteerId}
                color={m.role === 'leader' ? 'red' : 'default'}
                closable
                onClose={(e) => {
                  e.preventDefault();
                  remove.mutate({ teamId: team.id, volunteerId: m.volunteerId });
                }}
              >
                {m.role === 'leader' ? `${t('admin.leader')} ` : ''}
                {m.name}
              </Tag>
            ))}
          </Space>
          <Space.Compact style={{ width: '100%' }}>
            <Select
              showSearch
              optionFilterProp="label"
              style={{ width: '60%' }}
              placeholder={t('admin.pickVolunteer')}
              value={adding[team.id]?.volunteerId}
              onChange={(volunteerId) =>
                setAdding({ ...adding, [team.id]: { role: adding[team.id]?.role ?? 'member', volunteerId } })
              }
              options={(volunteers.data?.items ?? []).map((v) => ({
                value: v.id,
                label: `${v.name} ${v.volunteerNo ?? ''}`,
              }))}
            />
            <Select
              style={{ width: '20%' }}
              value={adding[team.id]?.role ?? 'member'}
              onChange={(role) => setAdding({ ...adding, [team.id]: { ...adding[team.id], role } })}
              options={[
                { value: 'member', label: t('admin.member') },
                { value: 'leader', label: t('admin.leader') },
              ]}
            />
            <Button
              type="primary"
              disabled={!adding[team.id]?.volunteerId}
              onClick={() =>
                setMember.mutate({
                  teamId: team.id,
                  volunteerId: adding[team.id]!.volunteerId!,
                  role: adding[team.id]?.role ?? 'member',
                })
              }
            >
              {t('admin.addMember')}
            </Button>
          </Space.Compact>
        </Card>
      ))}
      <Modal
        open={creating}
        title={t('admin.newTeam')}
        onCancel={() => setCreating(false)}
        footer={null}
        destroyOnHidden
      >
        <Form
          layout="vertical"
          onFinish={(v: { name: string; description?: string }) =>
            unit !== null &&
            create.mutate(
              { orgId: unit, name: v.name, description: v.description ?? '' },
              { onSuccess: () => setCreating(false) },
            )
          }
        >
          <Form.Item name="name" label={t('admin.teamName')} rules={[{ required: true, max: 60 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="description" label={t('admin.description')}>
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t('admin.newTeam')}
          </Button>
        </Form>
      </Modal>
    </div>
  );
}
