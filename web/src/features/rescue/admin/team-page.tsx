// One rescue team: its profile, members with certifications (expiring ones marked) and the first-aider certificate
// from the training module, equipment with inspections, and training sessions.
import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import {
  type AddCertification,
  type AddEquipment,
  type AddMember,
  equipmentCategories,
  equipmentConditions,
  memberRoles,
  type RecordInspection,
} from '../../../../../server/src/modules/rescue/rescue.schemas';
import { useCan } from '../../../app/session';
import { chinaToday } from '../../../lib/china-time';
import {
  type EquipmentView,
  type MemberView,
  useAddCertification,
  useAddEquipment,
  useAddMember,
  useEquipment,
  useMembers,
  useRecordInspection,
  useTeam,
  useUpdateMember,
} from '../api';
import { roleLabel, specialityLabel } from './rescue-labels';
import { TeamProfileModal } from './teams-page';
import { TrainingPanel } from './training-page';

const certColor = { valid: 'green', expiring: 'orange', expired: 'red', no_expiry: 'default' } as const;

function AddMemberModal({ orgId, onClose }: { orgId: number; onClose: () => void }) {
  const { t, i18n } = useTranslation('rescue');
  const { message } = App.useApp();
  const [form] = Form.useForm<AddMember>();
  const add = useAddMember();
  return (
    <Modal
      open
      title={t('team.addMember')}
      okButtonProps={{ loading: add.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<AddMember>
        form={form}
        layout="vertical"
        initialValues={{ role: 'member', isPartyMember: false, joinedOn: chinaToday() }}
        onFinish={(v) =>
          add.mutate(
            { orgId, input: { ...v, phone: v.phone || null, skills: v.skills || null } },
            { onSuccess: onClose, onError: (e) => message.error(e.message) },
          )
        }
      >
        <Form.Item name="name" label={t('team.name')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="idNumber" label={t('team.idNumber')} rules={[{ required: true, min: 15 }]}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="phone" label={t('team.phone')}>
          <Input maxLength={20} inputMode="tel" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="role" label={t('team.role')}>
            <Select
              style={{ width: 140 }}
              options={memberRoles.map((r) => ({ value: r, label: roleLabel(r, i18n.language) }))}
            />
          </Form.Item>
          <Form.Item name="joinedOn" label={t('team.joinedOn')} rules={[{ required: true }]}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="isPartyMember" label={t('team.partyMember')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="skills" label={t('team.skills')}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AddCertificationModal({ member, onClose }: { member: MemberView; onClose: () => void }) {
  const { t } = useTranslation('rescue');
  const { message } = App.useApp();
  const [form] = Form.useForm<AddCertification>();
  const add = useAddCertification();
  return (
    <Modal
      open
      title={`${member.name} · ${t('team.addCert')}`}
      okButtonProps={{ loading: add.isPending }}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<AddCertification>
        form={form}
        layout="vertical"
        onFinish={(v) =>
          add.mutate(
            {
              id: member.id,
              input: {
                kind: v.kind,
                certNo: v.certNo || null,
                issuer: v.issuer || null,
                issuedOn: v.issuedOn || null,
                expiresOn: v.expiresOn || null,
              },
            },
            { onSuccess: onClose, onError: (e) => message.error(e.message) },
          )
        }
      >
        <Form.Item name="kind" label={t('team.certKind')} rules={[{ required: true, whitespace: true }]}>
          <Input maxLength={50} placeholder="急流救援技术员 / 潜水员 / 船舶驾驶证" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="certNo" label={t('team.certNo')}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="issuer" label={t('team.issuer')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="issuedOn" label={t('team.issuedOn')}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="expiresOn" label={t('team.expiresOn')}>
            <Input type="date" />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

function MembersTab({ orgId, canManage }: { orgId: number; canManage: boolean }) {
  const { t, i18n } = useTranslation('rescue');
  const { modal, message } = App.useApp();
  const [showLeft, setShowLeft] = useState(false);
  const [adding, setAdding] = useState(false);
  const [certFor, setCertFor] = useState<MemberView | null>(null);
  const members = useMembers(orgId, showLeft);
  const update = useUpdateMember();
  const lang = i18n.language;
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        {canManage ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('team.addMember')}
          </Button>
        ) : null}
        <Checkbox checked={showLeft} onChange={(e) => setShowLeft(e.target.checked)}>
          {t('team.showLeft')}
        </Checkbox>
      </Space>
      <Table<MemberView>
        rowKey="id"
        size="small"
        loading={members.isLoading}
        dataSource={members.data}
        pagination={false}
        scroll={{ x: 1300 }}
        data-testid="rescue-members"
        columns={[
          {
            title: t('team.name'),
            dataIndex: 'name',
            fixed: 'left',
            width: 110,
            render: (v: string, m) => (
              <Space orientation="vertical" size={0}>
                <span>
                  {v} {m.isPartyMember ? <Tag color="red">{t('team.partyMember')}</Tag> : null}
                </span>
                {m.isActive ? null : <Typography.Text type="secondary">{t('team.left')}</Typography.Text>}
              </Space>
            ),
          },
          { title: t('team.role'), dataIndex: 'role', width: 80, render: (v: string) => roleLabel(v, lang) },
          { title: t('team.phone'), dataIndex: 'phoneMasked', width: 120 },
          { title: t('team.skills'), dataIndex: 'skills', width: 140 },
          {
            title: t('team.certifications'),
            width: 320,
            render: (_, m) => (
              <Space size={4} orientation="vertical">
                {m.certifications.map((c) => (
                  <Tag key={c.id} color={certColor[c.state]} title={`${c.certNo ?? ''} ${c.issuer ?? ''}`}>
                    {c.kind}
                    {c.expiresOn ? ` · ${c.expiresOn}` : ''}
                    {c.state === 'expiring' || c.state === 'expired' ? ` · ${t(`certState.${c.state}`)}` : ''}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('team.firstAid'),
            width: 150,
            render: (_, m) =>
              m.firstAid ? (
                <Tag color="green">
                  {m.firstAid.certNo} · {m.firstAid.validUntil}
                </Tag>
              ) : (
                <Typography.Text type="secondary">{t('team.noFirstAid')}</Typography.Text>
              ),
          },
          { title: t('team.attendance'), dataIndex: 'attendance', width: 90 },
          {
            title: t('team.hours'),
            dataIndex: 'deploymentMinutes',
            width: 110,
            render: (v: number) => Math.round(v / 6) / 10,
          },
          ...(canManage
            ? [
                {
                  title: t('team.actions'),
                  width: 160,
                  render: (_: unknown, m: MemberView) =>
                    m.isActive ? (
                      <Space size={4}>
                        <Button size="small" onClick={() => setCertFor(m)}>
                          {t('team.addCert')}
                        </Button>
                        <Button
                          size="small"
                          danger
                          onClick={() =>
                            modal.confirm({
                              title: t('team.confirmLeft', { name: m.name }),
                              onOk: () =>
                                update
                                  .mutateAsync({ id: m.id, input: { leftOn: chinaToday() } })
                                  .catch((e: Error) => message.error(e.message)),
                            })
                          }
                        >
                          {t('team.markLeft')}
                        </Button>
                      </Space>
                    ) : (
                      m.leftOn
                    ),
                },
              ]
            : []),
        ]}
      />
      {adding ? <AddMemberModal orgId={orgId} onClose={() => setAdding(false)} /> : null}
      {certFor ? <AddCertificationModal member={certFor} onClose={() => setCertFor(null)} /> : null}
    </>
  );
}

function EquipmentTab({ orgId, canManage }: { orgId: number; canManage: boolean }) {
  const { t } = useTranslation('rescue');
  const { message } = App.useApp();
  const equipment = useEquipment(orgId);
  const add = useAddEquipment();
  const inspect = useRecordInspection();
  const [adding, setAdding] = useState(false);
  const [inspecting, setInspecting] = useState<EquipmentView | null>(null);
  const [addForm] = Form.useForm<AddEquipment>();
  const [inspectForm] = Form.useForm<RecordInspection>();
  const conditionColor = { good: 'green', fair: 'blue', needs_repair: 'orange', retired: 'default' } as const;
  return (
    <>
      {canManage ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} style={{ marginBottom: 12 }}>
          {t('equipment.add')}
        </Button>
      ) : null}
      <Table<EquipmentView>
        rowKey="id"
        size="small"
        loading={equipment.isLoading}
        dataSource={equipment.data}
        pagination={false}
        scroll={{ x: 800 }}
        expandable={{
          rowExpandable: (e) => e.inspections.length > 0,
          expandedRowRender: (e) => (
            <ul style={{ margin: 0 }}>
              {e.inspections.map((i) => (
                <li key={i.id}>
                  {i.inspectedOn} · {i.inspector} · {t(`condition.${i.condition}`)} {i.note ? `· ${i.note}` : ''}
                </li>
              ))}
            </ul>
          ),
        }}
        columns={[
          { title: t('equipment.name'), dataIndex: 'name' },
          {
            title: t('equipment.category'),
            dataIndex: 'category',
            width: 110,
            render: (v: EquipmentView['category']) => t(`category.${v}`),
          },
          { title: t('equipment.quantity'), dataIndex: 'quantity', width: 70 },
          { title: t('equipment.serialNo'), dataIndex: 'serialNo', width: 130 },
          {
            title: t('equipment.condition'),
            dataIndex: 'condition',
            width: 100,
            render: (v: EquipmentView['condition']) => <Tag color={conditionColor[v]}>{t(`condition.${v}`)}</Tag>,
          },
          { title: t('equipment.lastInspectedOn'), dataIndex: 'lastInspectedOn', width: 110 },
          {
            title: t('equipment.expiresOn'),
            dataIndex: 'expiresOn',
            width: 140,
            render: (v: string | null, e) =>
              e.isExpired ? <Tag color="red">{`${v} ${t('equipment.expired')}`}</Tag> : v,
          },
          ...(canManage
            ? [
                {
                  title: '',
                  width: 80,
                  render: (_: unknown, e: EquipmentView) => (
                    <Button size="small" onClick={() => setInspecting(e)}>
                      {t('equipment.inspect')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={adding}
        title={t('equipment.add')}
        okButtonProps={{ loading: add.isPending }}
        onOk={() => addForm.submit()}
        onCancel={() => setAdding(false)}
        destroyOnHidden
      >
        <Form<AddEquipment>
          form={addForm}
          layout="vertical"
          initialValues={{ category: 'boat', quantity: 1, condition: 'good' }}
          onFinish={(v) =>
            add.mutate(
              {
                orgId,
                input: { ...v, serialNo: v.serialNo || null, expiresOn: v.expiresOn || null, note: v.note || null },
              },
              { onSuccess: () => setAdding(false), onError: (e) => message.error(e.message) },
            )
          }
        >
          <Form.Item name="name" label={t('equipment.name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Space wrap>
            <Form.Item name="category" label={t('equipment.category')}>
              <Select
                style={{ width: 140 }}
                options={equipmentCategories.map((c) => ({ value: c, label: t(`category.${c}`) }))}
              />
            </Form.Item>
            <Form.Item name="quantity" label={t('equipment.quantity')} rules={[{ required: true }]}>
              <InputNumber min={1} max={100000} />
            </Form.Item>
            <Form.Item name="condition" label={t('equipment.condition')}>
              <Select
                style={{ width: 120 }}
                options={equipmentConditions.map((c) => ({ value: c, label: t(`condition.${c}`) }))}
              />
            </Form.Item>
          </Space>
          <Space wrap>
            <Form.Item name="serialNo" label={t('equipment.serialNo')}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="expiresOn" label={t('equipment.expiresOn')}>
              <Input type="date" />
            </Form.Item>
          </Space>
          <Form.Item name="note" label={t('equipment.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={inspecting !== null}
        title={`${inspecting?.name ?? ''} · ${t('equipment.inspect')}`}
        okButtonProps={{ loading: inspect.isPending }}
        onOk={() => inspectForm.submit()}
        onCancel={() => setInspecting(null)}
        destroyOnHidden
      >
        <Form<RecordInspection>
          form={inspectForm}
          layout="vertical"
          initialValues={{ inspectedOn: chinaToday(), condition: 'good' }}
          onFinish={(v) =>
            inspect.mutate(
              { id: inspecting!.id, input: { ...v, note: v.note || null } },
              { onSuccess: () => setInspecting(null), onError: (e) => message.error(e.message) },
            )
          }
        >
          <Space wrap>
            <Form.Item name="inspectedOn" label={t('equipment.inspectedOn')} rules={[{ required: true }]}>
              <Input type="date" />
            </Form.Item>
            <Form.Item name="inspector" label={t('equipment.inspector')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item name="condition" label={t('equipment.condition')}>
              <Select
                style={{ width: 120 }}
                options={equipmentConditions.map((c) => ({ value: c, label: t(`condition.${c}`) }))}
              />
            </Form.Item>
          </Space>
          <Form.Item name="note" label={t('equipment.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function RescueTeamPage() {
  const { t, i18n } = useTranslation('rescue');
  const orgId = Number(useParams().orgId);
  const team = useTeam(orgId);
  const can = useCan();
  const canManage = can('rescue:manage');
  const [editing, setEditing] = useState(false);
  const lang = i18n.language;
  const d = team.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        loading={team.isLoading}
        title={d?.name}
        extra={canManage && d ? <Button onClick={() => setEditing(true)}>{t('teams.edit')}</Button> : null}
        data-testid="rescue-team-page"
      >
        {d ? (
          <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
            <Descriptions.Item label={t('teams.speciality')}>{specialityLabel(d.speciality, lang)}</Descriptions.Item>
            <Descriptions.Item label={t('teams.provinceStatus')}>
              {t(`provinceStatus.${d.provinceStatus}`)} {d.provinceRegNo ?? ''}
            </Descriptions.Item>
            <Descriptions.Item label={t('teams.leaders')}>
              {d.leaders.map((l) => `${l.name}(${roleLabel(l.role, lang)})`).join('、')}
            </Descriptions.Item>
            <Descriptions.Item label={t('teams.members')}>
              {d.activeMembers}({t('teams.party')} {d.partyMembers})
            </Descriptions.Item>
            <Descriptions.Item label={t('teams.baseAddress')}>{d.baseAddress}</Descriptions.Item>
            <Descriptions.Item label={t('teams.contactName')}>
              {d.contactName} {d.contactPhone}
            </Descriptions.Item>
            <Descriptions.Item label={t('teams.foundedOn')}>{d.foundedOn}</Descriptions.Item>
            <Descriptions.Item label={t('teams.expiring')}>
              {d.expiringCertifications > 0 ? <Tag color="orange">{d.expiringCertifications}</Tag> : 0}
            </Descriptions.Item>
            <Descriptions.Item label={t('teams.description')}>{d.description}</Descriptions.Item>
          </Descriptions>
        ) : null}
      </Card>
      <Card size="small">
        <Tabs
          items={[
            {
              key: 'members',
              label: t('team.tabMembers'),
              children: <MembersTab orgId={orgId} canManage={canManage} />,
            },
            {
              key: 'equipment',
              label: t('team.tabEquipment'),
              children: <EquipmentTab orgId={orgId} canManage={canManage} />,
            },
            { key: 'training', label: t('team.tabTraining'), children: <TrainingPanel orgId={orgId} /> },
          ]}
        />
      </Card>
      {editing && d ? <TeamProfileModal team={d} onClose={() => setEditing(false)} /> : null}
    </Space>
  );
}
