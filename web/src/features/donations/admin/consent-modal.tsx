// 登记捐赠人同意改变用途: a restricted gift may move to another fund only with its donor's recorded consent for that
// fund (Red Cross Law Art. 21). The consent, with its evidence, becomes a public ledger entry without the donor's name.
import { Alert, App, Form, Input, Modal, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ConsentView, DonationView } from '../../../../../server/src/modules/donations/donations.schemas';
import { isApiError } from '../../../app/api-client';
import { EvidenceUpload } from '../../../components/evidence-upload';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { useFunds, useRecordConsent } from '../api';

type Values = { toFundId?: number; purpose?: string; form: ConsentView['form']; evidenceFileId?: string };

type Props = { donation: DonationView | null; onClose: () => void };

export function ConsentModal({ donation, onClose }: Props) {
  return donation ? <ConsentDialog donation={donation} onClose={onClose} /> : null;
}

function ConsentDialog({ donation: d, onClose }: { donation: DonationView; onClose: () => void }) {
  const { t } = useTranslation(['donations', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const record = useRecordConsent();
  // Every fund the user can see: the donor may agree to a fund of another unit.
  const funds = useFunds(null);
  const options = (funds.data ?? []).filter((f) => f.id !== d.fundId);

  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      const consent = await record.mutateAsync({
        donationId: d.id,
        input: { toFundId: v.toFundId!, purpose: v.purpose!.trim(), form: v.form, evidenceFileId: v.evidenceFileId! },
      });
      message.success(t('consents.recorded', { index: consent.ledgerIndex }));
      onClose();
    } catch (e) {
      if (isApiError(e) && e.code === 'CONFLICT') {
        form.setFields([{ name: 'toFundId', errors: [t('consents.duplicate')] }]);
        return;
      }
      if (!showErrorOnFields(form, e)) {
        message.error(isApiError(e) ? e.message : String(e));
      }
    }
  };

  return (
    <Modal
      open
      title={t('consents.modalTitle', { no: d.donationNo })}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={record.isPending}
      okText={t('common:actions.submit')}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ 'data-testid': 'consent-submit' }}
      width={600}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('consents.intro')} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical" initialValues={{ form: 'written' }} data-testid="consent-form">
        <Form.Item
          name="toFundId"
          label={t('consents.toFund')}
          rules={[{ required: true, message: t('common:form.choose') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={funds.isLoading}
            placeholder={t('consents.toFundPlaceholder')}
            options={options.map((f) => ({ value: f.id, label: `${f.name} · ${f.orgName}` }))}
            data-testid="consent-fund"
          />
        </Form.Item>
        <Form.Item
          name="purpose"
          label={t('consents.purpose')}
          rules={[
            { required: true, whitespace: true, message: t('common:form.required') },
            { min: 2, max: 200 },
          ]}
        >
          <Input maxLength={200} placeholder={t('consents.purposePlaceholder')} data-testid="consent-purpose" />
        </Form.Item>
        <Form.Item name="form" label={t('consents.form')}>
          <Radio.Group
            optionType="button"
            options={(['written', 'recorded'] as const).map((k) => ({ value: k, label: t(`consents.forms.${k}`) }))}
          />
        </Form.Item>
        <Form.Item
          name="evidenceFileId"
          label={t('consents.evidence')}
          rules={[{ required: true, message: t('evidence.required') }]}
        >
          <EvidenceUpload hint={t('consents.evidenceHint')} data-testid="consent-evidence" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
