// 救助类别与规则 (relief:manage): each kind's amount bands and approving levels, required materials, exclusions, the
// "same cause helped once" flag, the annual cap, the decision deadline and the notice days; edited in one dialog.
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
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
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type ApprovalLevel,
  approvalLevelValues,
  type ReliefKindView,
} from '../../../../../server/src/modules/relief/relief.schemas';
import { isApiError } from '../../../app/api-client';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { useReliefKinds, useUpdateReliefKind } from '../api';
import '../components/relief.css';
import { fenToYuanText, formatFen, parseYuan } from '../../../lib/money';
import { maxReliefFen } from '../money';

type Values = {
  name: string;
  description: string;
  isActive: boolean;
  bands: { max?: string; level: ApprovalLevel }[];
  materials: { key: string; name: string; isRequired: boolean }[];
  exclusions: string[];
  isSameCauseOnce: boolean;
  annualCap?: string;
  decisionWorkingDays: number;
  noticeDays: number;
  isNameShown: boolean;
};

function toValues(k: ReliefKindView): Values {
  return {
    name: k.name,
    description: k.description,
    isActive: k.isActive,
    bands: k.bands.map((b) => ({ max: b.maxFen === null ? undefined : fenToYuanText(b.maxFen), level: b.level })),
    materials: k.materials.map((m) => ({ ...m })),
    exclusions: [...k.exclusions],
    isSameCauseOnce: k.isSameCauseOnce,
    annualCap: k.annualCapFen === null ? undefined : fenToYuanText(k.annualCapFen),
    decisionWorkingDays: k.decisionWorkingDays,
    noticeDays: k.noticeDays,
    isNameShown: k.isNameShown,
  };
}

function KindDialog({ kind, onClose }: { kind: ReliefKindView; onClose: () => void }) {
  const { t } = useTranslation(['relief', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const update = useUpdateReliefKind();
  const [error, setError] = useState<string | null>(null);
  const yuanRule = (optional: boolean) => ({
    validator: (_: unknown, v: string | undefined) => {
      if (optional && !v?.trim()) {
        return Promise.resolve();
      }
      const parsed = parseYuan(v, maxReliefFen);
      return parsed.ok ? Promise.resolve() : Promise.reject(new Error(t(`money.${parsed.reason}`)));
    },
  });

  const onOk = async () => {
    setError(null);
    const v = await validValues(form);
    if (!v) {
      return;
    }
    const yuan = (text: string | undefined) => {
      const parsed = parseYuan(text, maxReliefFen);
      return parsed.ok ? parsed.fen : null;
    };
    try {
      await update.mutateAsync({
        code: kind.code,
        name: v.name.trim(),
        description: v.description?.trim() ?? '',
        isActive: v.isActive,
        bands: v.bands.map((b, i) => ({ maxFen: i === v.bands.length - 1 ? null : yuan(b.max), level: b.level })),
        materials: v.materials.map((m) => ({ key: m.key.trim(), name: m.name.trim(), isRequired: m.isRequired })),
        exclusions: v.exclusions.map((x) => x.trim()).filter(Boolean),
        isSameCauseOnce: v.isSameCauseOnce,
        annualCapFen: yuan(v.annualCap),
        decisionWorkingDays: v.decisionWorkingDays,
        noticeDays: v.noticeDays,
        isNameShown: v.isNameShown,
      });
      message.success(t('kindsPage.saved'));
      onClose();
    } catch (e) {
      if (!showErrorOnFields(form, e)) {
        setError(isApiError(e) ? e.message : String(e));
      }
    }
  };

  return (
    <Modal
      open
      width={820}
      title={`${t('kindsPage.edit')} · ${kind.name}`}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={update.isPending}
      okText={t('common:actions.save')}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ 'data-testid': 'kind-save' }}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={toValues(kind)} data-testid="kind-form">
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item name="name" label={t('kindsPage.name')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={30} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="description" label={t('kindsPage.description')}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
          <Col span={4}>
            <Form.Item name="isActive" label={t('kindsPage.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={6}>
            <Form.Item name="decisionWorkingDays" label={t('kindsPage.decisionDays')} rules={[{ required: true }]}>
              <InputNumber min={1} max={60} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="noticeDays" label={t('kindsPage.noticeDays')} rules={[{ required: true }]}>
              <InputNumber min={0} max={30} precision={0} style={{ width: '100%' }} data-testid="kind-notice-days" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="annualCap" label={t('kindsPage.annualCap')} rules={[yuanRule(true)]}>
              <Input prefix="¥" placeholder={t('kindsPage.noCap')} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="isSameCauseOnce" valuePropName="checked" label=" ">
              <Checkbox>{t('kindsPage.sameCause')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="isNameShown" valuePropName="checked">
          <Checkbox>{t('kindsPage.nameShown')}</Checkbox>
        </Form.Item>

        <Card
          size="small"
          title={t('kindsPage.bands')}
          style={{ marginBottom: 12 }}
          extra={<span className="relief-muted">{t('kindsPage.lastBandHint')}</span>}
        >
          <Form.List name="bands">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline" wrap style={{ display: 'flex' }}>
                    <Form.Item
                      name={[f.name, 'max']}
                      label={i === 0 ? t('kindsPage.bandUpTo') : undefined}
                      rules={i === fields.length - 1 ? [] : [yuanRule(false)]}
                    >
                      <Input
                        prefix="¥"
                        disabled={i === fields.length - 1}
                        placeholder={i === fields.length - 1 ? t('kindsPage.bandAbove') : ''}
                        style={{ width: 180 }}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'level']} label={i === 0 ? t('kindsPage.bandLevel') : undefined}>
                      <Select
                        style={{ width: 120 }}
                        options={approvalLevelValues.map((l) => ({ value: l, label: t(`levels.${l}`) }))}
                      />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                    )}
                  </Space>
                ))}
                {fields.length < 6 && (
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ level: 'city' }, Math.max(0, fields.length - 1))}
                  >
                    {t('kindsPage.addBand')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </Card>

        <Card size="small" title={t('kindsPage.materials')} style={{ marginBottom: 12 }}>
          <Form.List name="materials">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Space key={f.key} align="baseline" wrap style={{ display: 'flex' }}>
                    <Form.Item
                      name={[f.name, 'key']}
                      label={i === 0 ? t('kindsPage.materialKey') : undefined}
                      rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,39}$/, message: 'a-z 0-9 _' }]}
                    >
                      <Input style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'name']}
                      label={i === 0 ? t('kindsPage.materialName') : undefined}
                      rules={[{ required: true, whitespace: true }]}
                    >
                      <Input style={{ width: 320 }} maxLength={60} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'isRequired']} valuePropName="checked" label={i === 0 ? ' ' : undefined}>
                      <Checkbox>{t('kindsPage.materialRequired')}</Checkbox>
                    </Form.Item>
                    <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <div>
                  <Button icon={<PlusOutlined />} onClick={() => add({ key: '', name: '', isRequired: true })}>
                    {t('kindsPage.addMaterial')}
                  </Button>
                </div>
              </>
            )}
          </Form.List>
        </Card>

        <Card size="small" title={t('kindsPage.exclusions')}>
          <Form.List name="exclusions">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex' }}>
                    <Form.Item name={f.name} rules={[{ required: true, whitespace: true, min: 2 }]} style={{ flex: 1 }}>
                      <Input maxLength={200} style={{ width: 640 }} />
                    </Form.Item>
                    <Button type="text" icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button icon={<PlusOutlined />} onClick={() => add('')}>
                  {t('kindsPage.addExclusion')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
    </Modal>
  );
}

export function ReliefKindsPage() {
  const { t } = useTranslation(['relief', 'common']);
  const kinds = useReliefKinds();
  const [editing, setEditing] = useState<ReliefKindView | null>(null);
  const bandText = (k: ReliefKindView) =>
    k.bands.map((b, i) => {
      const from = i === 0 ? '¥0' : formatFen(k.bands[i - 1].maxFen ?? 0);
      const level = t(`levels.${b.level}`);
      return (
        <div key={`${b.level}-${b.maxFen}`}>
          {b.maxFen === null
            ? t('kindsPage.bandOpen', { from, level })
            : t('kindsPage.band', { from, to: formatFen(b.maxFen), level })}
        </div>
      );
    });

  return (
    <Card title={t('kindsPage.title')} data-testid="relief-kinds">
      <Alert type="info" showIcon title={t('kindsPage.intro')} style={{ marginBottom: 12 }} />
      {kinds.error && <Alert type="error" showIcon title={kinds.error.message} style={{ marginBottom: 12 }} />}
      <Table<ReliefKindView>
        rowKey="code"
        loading={kinds.isLoading}
        dataSource={kinds.data ?? []}
        pagination={false}
        scroll={{ x: 1200 }}
        columns={[
          {
            title: t('kindsPage.name'),
            dataIndex: 'name',
            width: 140,
            render: (name: string, k) => (
              <Space direction="vertical" size={2}>
                <strong>{name}</strong>
                {!k.isActive && <Tag>{t('common:status.inactive')}</Tag>}
              </Space>
            ),
          },
          { title: t('kindsPage.bands'), key: 'bands', width: 260, render: (_: unknown, k) => bandText(k) },
          {
            title: t('kindsPage.materials'),
            key: 'materials',
            width: 240,
            render: (_: unknown, k) =>
              k.materials.map((m) => (
                <div key={m.key}>{m.isRequired ? m.name : `${m.name}(${t('apply.optional')})`}</div>
              )),
          },
          {
            title: t('kindsPage.exclusions'),
            dataIndex: 'exclusions',
            width: 240,
            render: (x: string[]) => x.map((e) => <div key={e}>{e}</div>),
          },
          {
            title: t('kindsPage.sameCause'),
            dataIndex: 'isSameCauseOnce',
            width: 90,
            render: (v: boolean) => (v ? t('kindsPage.yes') : t('kindsPage.no')),
          },
          {
            title: t('kindsPage.annualCap'),
            dataIndex: 'annualCapFen',
            width: 120,
            render: (v: number | null) => (v === null ? t('kindsPage.noCap') : formatFen(v)),
          },
          {
            title: t('kindsPage.decisionDays'),
            dataIndex: 'decisionWorkingDays',
            width: 110,
            render: (v: number) => t('kindsPage.workingDays', { count: v }),
          },
          {
            title: t('kindsPage.noticeDays'),
            dataIndex: 'noticeDays',
            width: 90,
            render: (v: number) => t('kindsPage.days', { count: v }),
          },
          {
            key: 'edit',
            width: 90,
            fixed: 'right',
            render: (_: unknown, k) => (
              <Button
                icon={<EditOutlined />}
                size="small"
                onClick={() => setEditing(k)}
                data-testid={`kind-edit-${k.code}`}
              >
                {t('common:actions.edit')}
              </Button>
            ),
          },
        ]}
      />
      {editing && <KindDialog kind={editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}
