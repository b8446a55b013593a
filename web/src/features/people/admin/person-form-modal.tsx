// Register a person (ID type and number, phone…) or edit one; server validation errors appear on the right field.
import { App, Col, DatePicker, Form, Input, Modal, Radio, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { genderValues, idTypeValues, type PersonView } from '../../../../../server/src/modules/people/people.schemas';
import { isApiError } from '../../../app/api-client';
import { OrgPicker } from '../../../components/org-picker';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { useRegisterPerson, useUpdatePerson } from '../api';

export type PersonFormTarget = { kind: 'register'; orgId: number | null } | { kind: 'edit'; person: PersonView };

type Values = {
  orgId?: number;
  name: string;
  idType: (typeof idTypeValues)[number];
  idNumber?: string;
  phone?: string;
  gender?: (typeof genderValues)[number];
  birthDate?: Dayjs;
  address?: string;
};

type Props = { onClose: () => void; onDone: (person: PersonView) => void };
const blank = (v: string | undefined) => !v || v.trim() === '';

export function PersonFormModal({ target, ...props }: Props & { target: PersonFormTarget | null }) {
  return target ? <PersonFormDialog target={target} {...props} /> : null;
}

function PersonFormDialog({ target, onClose, onDone }: Props & { target: PersonFormTarget }) {
  const { t } = useTranslation(['people', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const register = useRegisterPerson();
  const update = useUpdatePerson();
  const idType = Form.useWatch('idType', form);
  const isEdit = target.kind === 'edit';

  const showError = (e: unknown) => {
    if (isApiError(e) && e.code === 'PERSON_DUPLICATE_ID') {
      form.setFields([
        { name: 'idNumber', errors: [t('form.duplicate', { name: String(e.details?.existingName ?? '') })] },
      ]);
      return;
    }
    if (!showErrorOnFields(form, e, { INVALID_ID_NUMBER: 'idNumber', INVALID_PHONE: 'phone' })) {
      message.error(isApiError(e) ? e.message : String(e));
    }
  };

  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      if (target.kind === 'register') {
        const person = await register.mutateAsync({
          orgId: v.orgId!,
          name: v.name.trim(),
          idType: v.idType,
          idNumber: blank(v.idNumber) ? undefined : v.idNumber!.trim(),
          phone: blank(v.phone) ? undefined : v.phone!.trim(),
          gender: v.idType === 'resident_id' ? undefined : v.gender,
          birthDate: v.idType === 'resident_id' ? undefined : v.birthDate?.format('YYYY-MM-DD'),
          address: blank(v.address) ? undefined : v.address!.trim(),
        });
        message.success(t('form.registered', { name: person.name }));
        onDone(person);
      } else {
        const before = target.person;
        const patch: Record<string, unknown> = {};
        if (v.name.trim() !== before.name) {
          patch.name = v.name.trim();
        }
        if (!blank(v.phone)) {
          patch.phone = v.phone!.trim();
        }
        if ((v.address?.trim() || null) !== before.address) {
          patch.address = v.address?.trim() || null;
        }
        if (v.orgId !== undefined && v.orgId !== before.orgId) {
          patch.orgId = v.orgId;
        }
        const person = Object.keys(patch).length > 0 ? await update.mutateAsync({ id: before.id, patch }) : before;
        message.success(t('form.saved'));
        onDone(person);
      }
    } catch (e) {
      showError(e);
    }
  };

  const required = { required: true, message: t('common:form.required') };
  const initialValues: Partial<Values> =
    target.kind === 'edit'
      ? {
          orgId: target.person.orgId,
          name: target.person.name,
          address: target.person.address ?? undefined,
          idType: target.person.idType,
        }
      : { orgId: target.orgId ?? undefined, idType: 'resident_id' };

  return (
    <Modal
      open
      title={isEdit ? t('form.editTitle', { name: target.person.name }) : t('form.registerTitle')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={register.isPending || update.isPending}
      okText={t('common:actions.save')}
      cancelText={t('common:actions.cancel')}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={initialValues} data-testid="person-form">
        <Form.Item name="orgId" label={t('fields.unit')} rules={[{ required: true, message: t('common:form.choose') }]}>
          <OrgPicker />
        </Form.Item>
        <Form.Item name="name" label={t('fields.name')} rules={[required, { max: 50 }]}>
          <Input maxLength={50} data-testid="person-name" />
        </Form.Item>
        {!isEdit && (
          <Row gutter={12}>
            <Col xs={24} sm={10}>
              <Form.Item name="idType" label={t('fields.idType')} rules={[required]}>
                <Select options={idTypeValues.map((v) => ({ value: v, label: t(`idTypes.${v}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={14}>
              <Form.Item
                name="idNumber"
                label={t('fields.idNumber')}
                extra={idType === 'resident_id' ? t('form.derivedHint') : undefined}
                rules={[{ max: 30 }]}
              >
                <Input maxLength={30} autoComplete="off" data-testid="person-id-number" />
              </Form.Item>
            </Col>
          </Row>
        )}
        {!isEdit && idType !== 'resident_id' && (
          <Row gutter={12}>
            <Col xs={24} sm={10}>
              <Form.Item name="gender" label={t('fields.gender')}>
                <Radio.Group options={genderValues.map((g) => ({ value: g, label: t(`genders.${g}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={14}>
              <Form.Item name="birthDate" label={t('fields.birthDate')}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item
          name="phone"
          label={t('fields.phone')}
          extra={
            isEdit && target.person.phoneMasked ? t('form.phoneKeep', { masked: target.person.phoneMasked }) : undefined
          }
          rules={[{ max: 20 }]}
        >
          <Input maxLength={20} inputMode="tel" autoComplete="off" data-testid="person-phone" />
        </Form.Item>
        <Form.Item name="address" label={t('fields.address')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
