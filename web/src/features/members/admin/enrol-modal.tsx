// Staff enrol a member at a unit (a counter, a school): an individual (ordinary or youth, guardian consent under 14)
// or a group (unified social credit code, headcount, contact); admitted at once when ticked.
import { Alert, App, Checkbox, Form, Input, InputNumber, Modal, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { EvidenceUpload } from '../../../components/evidence-upload';
import { OrgPicker } from '../../../components/org-picker';
import { type EnrolMember, useEnrol } from '../api';
import { ageFromId } from '../public/join-page';

type Values = Record<string, string | number | boolean | undefined> & { kind: 'individual' | 'group' };

export function EnrolModal({ defaultOrgId, onClose }: { defaultOrgId?: number; onClose: () => void }) {
  const { t } = useTranslation('members');
  const { message } = App.useApp();
  const enrol = useEnrol();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? 'individual';
  const age = ageFromId(Form.useWatch('idNumber', form) as string | undefined);
  const submit = async (v: Values) => {
    const body: EnrolMember =
      v.kind === 'group'
        ? {
            kind: 'group',
            orgId: Number(v.orgId),
            tier: (v.tier as 'ordinary') ?? 'ordinary',
            groupName: String(v.groupName),
            uscc: String(v.uscc).trim().toUpperCase(),
            headcount: Number(v.headcount),
            contactName: String(v.contactName),
            contactPhone: String(v.contactPhone),
            address: (v.address as string) || undefined,
            admit: !!v.admit,
          }
        : {
            kind: 'individual',
            orgId: Number(v.orgId),
            category: v.category as 'ordinary',
            tier: (v.tier as 'ordinary') ?? 'ordinary',
            name: String(v.name),
            idNumber: String(v.idNumber),
            phone: String(v.phone),
            workplace: (v.workplace as string) || undefined,
            address: (v.address as string) || undefined,
            guardian:
              age !== null && age < 14
                ? {
                    name: String(v.guardianName),
                    phone: String(v.guardianPhone),
                    consentFileId: String(v.consentFileId),
                  }
                : undefined,
            admit: !!v.admit,
          };
    const m = await enrol.mutateAsync(body);
    message.success(m.memberNo ? t('admin.admitted', { no: m.memberNo }) : t('admin.saved'));
    onClose();
  };
  return (
    <Modal open title={t('admin.enrol')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={enrol.isPending}>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ kind: 'individual', category: 'ordinary', tier: 'ordinary', orgId: defaultOrgId, admit: true }}
      >
        <Form.Item name="kind" label={t('admin.kind')}>
          <Radio.Group optionType="button">
            <Radio.Button value="individual">{t('admin.individual')}</Radio.Button>
            <Radio.Button value="group">{t('admin.group')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="orgId" label={t('admin.unit')} rules={[{ required: true }]}>
          <OrgPicker />
        </Form.Item>
        {kind === 'individual' ? (
          <>
            <Form.Item name="category" label={t('join.category')}>
              <Radio.Group>
                <Radio value="ordinary">{t('category.ordinary')}</Radio>
                <Radio value="youth">{t('category.youth')}</Radio>
              </Radio.Group>
            </Form.Item>
            <Form.Item name="name" label={t('join.name')} rules={[{ required: true, max: 50 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="idNumber" label={t('join.idNumber')} rules={[{ required: true, min: 15, max: 18 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="phone" label={t('join.phone')} rules={[{ required: true }]}>
              <Input inputMode="tel" />
            </Form.Item>
            <Form.Item name="workplace" label={t('admin.workplace')}>
              <Input />
            </Form.Item>
            {age !== null && age < 14 ? (
              <>
                <Alert type="info" showIcon title={t('join.guardianNote')} style={{ marginBottom: 12 }} />
                <Form.Item name="guardianName" label={t('join.guardianName')} rules={[{ required: true }]}>
                  <Input />
                </Form.Item>
                <Form.Item name="guardianPhone" label={t('join.guardianPhone')} rules={[{ required: true }]}>
                  <Input />
                </Form.Item>
                <Form.Item name="consentFileId" label={t('join.guardianConsent')} rules={[{ required: true }]}>
                  <EvidenceUpload />
                </Form.Item>
              </>
            ) : null}
          </>
        ) : (
          <>
            <Form.Item name="groupName" label={t('admin.groupName')} rules={[{ required: true, min: 2, max: 100 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="uscc" label={t('admin.uscc')} rules={[{ required: true, len: 18 }]}>
              <Input />
            </Form.Item>
            <Form.Item name="headcount" label={t('admin.headcount')} rules={[{ required: true }]}>
              <InputNumber min={1} />
            </Form.Item>
            <Form.Item name="contactName" label={t('admin.contactName')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="contactPhone" label={t('admin.contactPhone')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
          </>
        )}
        <Form.Item name="tier" label={t('admin.tierLabel')}>
          <Select
            options={(['ordinary', 'special', 'life'] as const).map((k) => ({ value: k, label: t(`tier.${k}`) }))}
          />
        </Form.Item>
        <Form.Item name="address" label={t('admin.address')}>
          <Input />
        </Form.Item>
        <Form.Item name="admit" valuePropName="checked">
          <Checkbox>{t('admin.admitNow')}</Checkbox>
        </Form.Item>
      </Form>
      {enrol.error ? (
        <Alert type="error" showIcon title={isApiError(enrol.error) ? enrol.error.message : String(enrol.error)} />
      ) : null}
    </Modal>
  );
}
