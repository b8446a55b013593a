// Create a child unit (type choices limited to what may sit under the parent) or edit a unit's details.
import { App, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  allowedParents,
  branchTypes,
  type OrgType,
  type OrgView,
  orgTypeLabels,
  orgTypes,
} from '../../../../../server/src/modules/orgs/orgs.schemas';
import { isApiError } from '../../../app/api-client';
import { pickLabel } from '../../../app/i18n';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { useCreateOrg, useUpdateOrg } from '../api';

export type OrgFormTarget = { kind: 'create'; parent: OrgView } | { kind: 'edit'; org: OrgView };

type Values = {
  name: string;
  type?: OrgType;
  code?: string;
  contactName?: string;
  contactPhone?: string;
  address?: string;
  lat?: number | null;
  lng?: number | null;
};

const errorFields = { ORG_CODE_TAKEN: 'code', ORG_PARENT_TYPE: 'type', ORG_INACTIVE_PARENT: 'type' };
const blankToNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

type Props = { onClose: () => void; onDone: (org: OrgView) => void };

export function OrgFormModal({ target, ...props }: Props & { target: OrgFormTarget | null }) {
  return target ? <OrgFormDialog target={target} {...props} /> : null;
}

function OrgFormDialog({ target, onClose, onDone }: Props & { target: OrgFormTarget }) {
  const { t, i18n } = useTranslation(['orgs', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateOrg();
  const update = useUpdateOrg();
  const type = Form.useWatch('type', form);

  const typeOptions =
    target.kind === 'create'
      ? orgTypes
          .filter((ty) => allowedParents[ty].includes(target.parent.type))
          .map((ty) => ({ value: ty, label: pickLabel(orgTypeLabels[ty], i18n.language) }))
      : [];
  const effectiveType = target.kind === 'edit' ? target.org.type : type;
  const isBranch = effectiveType !== undefined && branchTypes.includes(effectiveType);

  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    const details = {
      code: blankToNull(v.code),
      contactName: blankToNull(v.contactName),
      contactPhone: blankToNull(v.contactPhone),
      address: blankToNull(v.address),
      lat: v.lat ?? null,
      lng: v.lng ?? null,
    };
    try {
      if (target.kind === 'create') {
        const org = await create.mutateAsync({
          name: v.name.trim(),
          type: v.type!,
          parentId: target.parent.id,
          ...details,
        });
        message.success(t('create.done', { name: org.name }));
        onDone(org);
      } else {
        const before = target.org;
        const patch = Object.fromEntries(
          Object.entries({ name: v.name.trim(), ...details }).filter(
            ([k, value]) => before[k as keyof OrgView] !== value,
          ),
        );
        const org = Object.keys(patch).length > 0 ? await update.mutateAsync({ id: before.id, patch }) : before;
        message.success(t('edit.done'));
        onDone(org);
      }
    } catch (e) {
      if (!showErrorOnFields(form, e, errorFields)) {
        message.error(isApiError(e) ? e.message : String(e));
      }
    }
  };

  const required = { required: true, message: t('common:form.required') };
  const o = target.kind === 'edit' ? target.org : undefined;
  const initialValues: Partial<Values> = o
    ? {
        name: o.name,
        code: o.code ?? undefined,
        contactName: o.contactName ?? undefined,
        contactPhone: o.contactPhone ?? undefined,
        address: o.address ?? undefined,
        lat: o.lat,
        lng: o.lng,
      }
    : {};
  return (
    <Modal
      open
      title={
        target.kind === 'create'
          ? t('create.title', { parent: target.parent.name })
          : t('edit.title', { name: target.org.name })
      }
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      okText={t('common:actions.save')}
      cancelText={t('common:actions.cancel')}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="org-form">
        <Row gutter={12}>
          <Col xs={24} sm={target.kind === 'create' ? 14 : 24}>
            <Form.Item name="name" label={t('fields.name')} rules={[required, { max: 100 }]}>
              <Input maxLength={100} data-testid="org-name" />
            </Form.Item>
          </Col>
          {target.kind === 'create' && (
            <Col xs={24} sm={10}>
              <Form.Item name="type" label={t('fields.type')} rules={[required]}>
                <Select options={typeOptions} data-testid="org-type" />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Form.Item
          name="code"
          label={t('fields.code')}
          extra={isBranch ? t('codeHintBranch') : t('codeHintOther')}
          rules={isBranch ? [required] : []}
        >
          <Input maxLength={18} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="contactName" label={t('fields.contactName')} rules={[{ max: 50 }]}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="contactPhone" label={t('fields.contactPhone')} rules={[{ max: 30 }]}>
              <Input maxLength={30} inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="address" label={t('fields.address')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={12}>
            <Form.Item name="lat" label={t('fields.lat')}>
              <InputNumber min={-90} max={90} step={0.000001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12}>
            <Form.Item name="lng" label={t('fields.lng')}>
              <InputNumber min={-180} max={180} step={0.000001} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
