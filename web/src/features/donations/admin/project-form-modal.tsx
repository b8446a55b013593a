// Create a fundraising project (as a draft) or edit one; amounts are typed in yuan and sent as integer fen.
import { App, Checkbox, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { ProjectView } from '../../../../../server/src/modules/donations/donations.schemas';
import { isApiError } from '../../../app/api-client';
import { OrgPicker } from '../../../components/org-picker';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { chinaNow } from '../../../lib/china-time';
import { fenToYuanText, parseYuanToFen } from '../../../lib/money';
import { type UpdateProject, useCreateProject, useUpdateProject } from '../api';

export type ProjectFormTarget = { kind: 'create'; orgId: number | null } | { kind: 'edit'; project: ProjectView };

type Values = {
  orgId?: number;
  code?: string;
  name: string;
  summary: string;
  description?: string;
  fundKind: 'restricted' | 'unrestricted';
  purpose: string;
  /** Yuan as typed (the server's field name, so its errors land here). */
  targetFen?: string;
  presetAmountsFen: string[];
  startsOn: Dayjs;
  endsOn?: Dayjs | null;
  feePercent?: number;
  isEmergency?: boolean;
};

type Props = { onClose: () => void; onDone: (project: ProjectView) => void };

export function ProjectFormModal({ target, ...props }: Props & { target: ProjectFormTarget | null }) {
  return target ? <ProjectFormDialog target={target} {...props} /> : null;
}

const blank = (v: string | undefined | null) => !v || v.trim() === '';

function ProjectFormDialog({ target, onClose, onDone }: Props & { target: ProjectFormTarget }) {
  const { t } = useTranslation(['donations', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateProject();
  const update = useUpdateProject();
  const isEdit = target.kind === 'edit';

  const yuanRule = {
    validator: (_: unknown, v: string | undefined) =>
      blank(v) || (parseYuanToFen(v) ?? 0) > 0
        ? Promise.resolve()
        : Promise.reject(new Error(t('projects.form.badAmount'))),
  };
  const required = { required: true, whitespace: true, message: t('common:form.required') };

  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    const targetFen = blank(v.targetFen) ? null : parseYuanToFen(v.targetFen);
    const presetAmountsFen = v.presetAmountsFen.map((p) => parseYuanToFen(p)).filter((p): p is number => !!p);
    try {
      if (target.kind === 'create') {
        const project = await create.mutateAsync({
          orgId: v.orgId!,
          code: blank(v.code) ? undefined : v.code!.trim(),
          name: v.name.trim(),
          summary: v.summary.trim(),
          description: v.description?.trim() ?? '',
          fundKind: v.fundKind,
          purpose: v.purpose.trim(),
          targetFen,
          presetAmountsFen,
          startsOn: v.startsOn.format('YYYY-MM-DD'),
          endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : null,
          managementFeeBp: Math.round((v.feePercent ?? 0) * 100),
          isEmergency: !!v.isEmergency,
        });
        message.success(t('projects.form.created', { name: project.name }));
        onDone(project);
      } else {
        const before = target.project;
        const patch: UpdateProject = {};
        if (v.name.trim() !== before.name) {
          patch.name = v.name.trim();
        }
        if (v.summary.trim() !== before.summary) {
          patch.summary = v.summary.trim();
        }
        if ((v.description?.trim() ?? '') !== before.description) {
          patch.description = v.description?.trim() ?? '';
        }
        if (targetFen !== before.targetFen) {
          patch.targetFen = targetFen;
        }
        if (presetAmountsFen.join() !== before.presetAmountsFen.join()) {
          patch.presetAmountsFen = presetAmountsFen;
        }
        const endsOn = v.endsOn ? v.endsOn.format('YYYY-MM-DD') : null;
        if (endsOn !== before.endsOn) {
          patch.endsOn = endsOn;
        }
        const project =
          Object.keys(patch).length > 0 ? await update.mutateAsync({ id: before.id, patch }) : target.project;
        message.success(t('projects.form.saved'));
        onDone(project);
      }
    } catch (e) {
      if (!showErrorOnFields(form, e, { PROJECT_CODE_TAKEN: 'code' })) {
        message.error(isApiError(e) ? e.message : String(e));
      }
    }
  };

  const initialValues: Partial<Values> =
    target.kind === 'edit'
      ? {
          name: target.project.name,
          summary: target.project.summary,
          description: target.project.description,
          fundKind: target.project.fundKind,
          purpose: target.project.purpose,
          targetFen: fenToYuanText(target.project.targetFen),
          presetAmountsFen: target.project.presetAmountsFen.map((f) => String(f / 100)),
          startsOn: dayjs(target.project.startsOn),
          endsOn: target.project.endsOn ? dayjs(target.project.endsOn) : null,
        }
      : {
          orgId: target.orgId ?? undefined,
          fundKind: 'restricted',
          presetAmountsFen: ['10', '50', '100', '500'],
          startsOn: chinaNow().startOf('day'),
          feePercent: 0,
        };

  return (
    <Modal
      open
      title={isEdit ? t('projects.form.editTitle', { name: target.project.name }) : t('projects.form.createTitle')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      okText={t('common:actions.save')}
      cancelText={t('common:actions.cancel')}
      width={720}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'project-save' }}
    >
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="project-form">
        {!isEdit && (
          <Row gutter={12}>
            <Col xs={24} sm={14}>
              <Form.Item
                name="orgId"
                label={t('fields.unit')}
                rules={[{ required: true, message: t('common:form.choose') }]}
              >
                <OrgPicker />
              </Form.Item>
            </Col>
            <Col xs={24} sm={10}>
              <Form.Item
                name="code"
                label={t('projects.form.code')}
                tooltip={t('projects.form.codeHint')}
                rules={[{ pattern: /^[A-Za-z0-9-]{3,32}$/, message: t('projects.form.codeHint') }]}
              >
                <Input maxLength={32} autoComplete="off" data-testid="project-code" />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item name="name" label={t('projects.form.name')} rules={[required, { min: 2, max: 60 }]}>
          <Input maxLength={60} data-testid="project-name" />
        </Form.Item>
        <Form.Item name="summary" label={t('projects.form.summary')} rules={[required, { min: 2, max: 200 }]}>
          <Input maxLength={200} data-testid="project-summary" />
        </Form.Item>
        <Form.Item name="description" label={t('projects.form.description')} rules={[{ max: 5000 }]}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="fundKind"
              label={t('projects.form.fundKind')}
              tooltip={t('projects.form.fundKindHint')}
              rules={[{ required: true }]}
            >
              <Radio.Group
                disabled={isEdit}
                optionType="button"
                options={(['restricted', 'unrestricted'] as const).map((k) => ({
                  value: k,
                  label: t(`fundKinds.${k}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="targetFen" label={t('projects.form.target')} rules={[yuanRule]}>
              <Input prefix="¥" inputMode="decimal" autoComplete="off" data-testid="project-target" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="purpose" label={t('projects.form.purpose')} rules={[required, { min: 2, max: 200 }]}>
          <Input maxLength={200} disabled={isEdit} data-testid="project-purpose" />
        </Form.Item>
        <Form.Item
          name="presetAmountsFen"
          label={t('projects.form.presets')}
          extra={t('projects.form.presetsHint')}
          rules={[
            {
              validator: (_, v: string[] | undefined) =>
                v && v.length >= 1 && v.length <= 6 && v.every((p) => (parseYuanToFen(p) ?? 0) > 0)
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('projects.form.badAmount'))),
            },
          ]}
        >
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', ' ']} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12} sm={8}>
            <Form.Item name="startsOn" label={t('projects.form.startsOn')} rules={[{ required: true }]}>
              <DatePicker style={{ width: '100%' }} disabled={isEdit} allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="endsOn" label={t('projects.form.endsOn')} tooltip={t('projects.form.endsOnHint')}>
              <DatePicker style={{ width: '100%' }} placeholder={t('projects.longTerm')} />
            </Form.Item>
          </Col>
          {!isEdit && (
            <Col xs={12} sm={8}>
              <Form.Item name="feePercent" label={t('projects.form.fee')}>
                <InputNumber min={0} max={10} step={0.5} precision={2} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          )}
        </Row>
        {!isEdit && (
          <Form.Item name="isEmergency" valuePropName="checked" style={{ marginBottom: 0 }}>
            <Checkbox>{t('projects.form.emergency')}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
