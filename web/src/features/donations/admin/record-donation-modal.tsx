// 录入线下捐赠: upload the evidence (bank slip, cash receipt, cheque scan) with progress, then the gift itself. Gifts of
// ¥1,000,000 or more need the written agreement: the form asks for it before the server would refuse.
import { Alert, App, Checkbox, Col, DatePicker, Divider, Form, Input, Modal, Radio, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { DonationView } from '../../../../../server/src/modules/donations/donations.schemas';
import { offlineChannelValues } from '../../../../../server/src/modules/donations/donations.schemas';
import { isApiError } from '../../../app/api-client';
import { EvidenceUpload } from '../../../components/evidence-upload';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { chinaNow, toChinaIso } from '../../../lib/china-time';
import { formatFen, parseYuanToFen } from '../../../lib/money';
import { useProjectOptions, useRecordDonation } from '../api';

/** Gifts at or above this need a written agreement (the server's default rule, DOMAIN.md). */
const agreementThresholdFen = 100_000_000;

type OfflineChannel = (typeof offlineChannelValues)[number];

type Values = {
  evidenceFileId?: string;
  projectId?: number;
  channel: OfflineChannel;
  /** Yuan as typed, under the server's field name so its errors land here. */
  amountFen?: string;
  receivedAt: Dayjs;
  reference?: string;
  donorKind: 'person' | 'organisation';
  donorName?: string;
  isAnonymous?: boolean;
  phone?: string;
  message?: string;
  intent: 'restricted' | 'unrestricted';
  intentNote?: string;
  agreementFileId?: string;
  waivesReceipt?: boolean;
};

type Props = {
  open: boolean;
  orgId: number | null;
  projectId?: number;
  onClose: () => void;
  onDone: (donation: DonationView) => void;
};

export function RecordDonationModal({ open, ...props }: Props) {
  return open ? <RecordDonationDialog {...props} /> : null;
}

const referenceLabel: Record<OfflineChannel, 'fields.reference' | 'fields.chequeNo' | 'fields.cashReceiptNo'> = {
  bank: 'fields.reference',
  cheque: 'fields.chequeNo',
  cash: 'fields.cashReceiptNo',
};

function RecordDonationDialog({ orgId, projectId, onClose, onDone }: Omit<Props, 'open'>) {
  const { t } = useTranslation(['donations', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const record = useRecordDonation();
  const projects = useProjectOptions(orgId);
  const options = (projects.data?.items ?? []).filter((p) => p.status !== 'draft');
  const chosenId = Form.useWatch('projectId', form);
  const chosen = options.find((p) => p.id === chosenId);
  const channel = Form.useWatch('channel', form) ?? 'bank';
  const amountText = Form.useWatch('amountFen', form);
  const amountFen = parseYuanToFen(amountText);
  const needsAgreement = amountFen !== null && amountFen >= agreementThresholdFen;

  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      const donation = await record.mutateAsync({
        projectId: v.projectId!,
        channel: v.channel,
        amountFen: parseYuanToFen(v.amountFen)!,
        donorKind: v.donorKind,
        donorName: v.donorName!.trim(),
        isAnonymous: !!v.isAnonymous,
        phone: v.phone?.trim() || undefined,
        message: v.message?.trim() || undefined,
        intent: v.intent,
        intentNote: v.intentNote?.trim() || undefined,
        receivedAt: toChinaIso(v.receivedAt),
        evidenceFileId: v.evidenceFileId!,
        agreementFileId: needsAgreement ? v.agreementFileId : undefined,
        reference: v.reference?.trim() || undefined,
        waivesReceipt: !!v.waivesReceipt,
      });
      message.success(t('record.recorded', { no: donation.donationNo }));
      onDone(donation);
    } catch (e) {
      if (!showErrorOnFields(form, e, { AMOUNT_TOO_LARGE: 'amountFen', PROJECT_NOT_OPEN: 'projectId' })) {
        message.error(isApiError(e) ? e.message : String(e));
      }
    }
  };

  const required = { required: true, message: t('common:form.required') };

  return (
    <Modal
      open
      title={t('record.title')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={record.isPending}
      okText={t('common:actions.submit')}
      cancelText={t('common:actions.cancel')}
      width={760}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'record-submit' }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          projectId,
          channel: 'bank',
          donorKind: 'organisation',
          intent: 'restricted',
          receivedAt: chinaNow(),
        }}
        onValuesChange={(changed: Partial<Values>) => {
          if (changed.projectId !== undefined) {
            const p = options.find((o) => o.id === changed.projectId);
            if (p) {
              form.setFieldValue('intent', p.fundKind);
            }
          }
        }}
        data-testid="record-form"
      >
        <Form.Item
          name="evidenceFileId"
          label={t('record.evidenceStep')}
          rules={[{ required: true, message: t('evidence.required') }]}
        >
          <EvidenceUpload hint={t('record.evidenceHint')} data-testid="record-evidence" />
        </Form.Item>
        <Divider style={{ margin: '4px 0 16px' }} />
        <Row gutter={12}>
          <Col xs={24} sm={14}>
            <Form.Item
              name="projectId"
              label={t('fields.project')}
              rules={[{ required: true, message: t('common:form.choose') }]}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={projects.isLoading}
                placeholder={t('record.projectPlaceholder')}
                options={options.map((p) => ({ value: p.id, label: `${p.name} · ${p.code}` }))}
                data-testid="record-project"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="channel" label={t('fields.channel')} rules={[required]}>
              <Radio.Group
                optionType="button"
                options={offlineChannelValues.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="amountFen"
              label={t('fields.amountYuan')}
              extra={amountFen ? t('record.amountShown', { amount: formatFen(amountFen) }) : undefined}
              rules={[
                { required: true, message: t('projects.form.badAmount') },
                {
                  validator: (_, v: string | undefined) =>
                    !v || (parseYuanToFen(v) ?? 0) > 0
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('projects.form.badAmount'))),
                },
              ]}
            >
              <Input prefix="¥" inputMode="decimal" autoComplete="off" data-testid="record-amount" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="receivedAt"
              label={t('fields.receivedAt')}
              rules={[
                required,
                {
                  validator: (_, v: Dayjs | undefined) =>
                    !v?.isAfter(chinaNow().add(1, 'minute'))
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('record.future'))),
                },
              ]}
            >
              <DatePicker
                showTime={{ format: 'HH:mm' }}
                format="YYYY-MM-DD HH:mm"
                allowClear={false}
                style={{ width: '100%' }}
                disabledDate={(d) => d.isAfter(chinaNow(), 'day')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="reference" label={t(referenceLabel[channel])} rules={[{ max: 64 }]}>
              <Input maxLength={64} autoComplete="off" className="mono" data-testid="record-reference" />
            </Form.Item>
          </Col>
        </Row>
        {needsAgreement && (
          <>
            <Alert type="warning" showIcon title={t('record.agreementRule')} style={{ marginBottom: 12 }} />
            <Form.Item
              name="agreementFileId"
              label={t('fields.agreement')}
              rules={[{ required: true, message: t('record.agreementRequired') }]}
            >
              <EvidenceUpload data-testid="record-agreement" />
            </Form.Item>
          </>
        )}
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="donorKind" label={t('fields.donorKind')} rules={[required]}>
              <Radio.Group
                optionType="button"
                options={(['organisation', 'person'] as const).map((k) => ({ value: k, label: t(`donorKinds.${k}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item
              name="donorName"
              label={t('fields.donorName')}
              rules={[{ ...required, whitespace: true }, { max: 100 }]}
            >
              <Input maxLength={100} placeholder={t('record.donorNamePlaceholder')} data-testid="record-donor" />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="phone" label={t('fields.phone')} rules={[{ max: 20 }]}>
              <Input maxLength={20} inputMode="tel" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="message" label={t('fields.message')} rules={[{ max: 200 }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="intent"
              label={t('fields.intent')}
              extra={chosen?.fundKind === 'unrestricted' ? t('record.restrictedOnly') : undefined}
              rules={[required]}
            >
              <Radio.Group
                optionType="button"
                options={(['restricted', 'unrestricted'] as const).map((k) => ({
                  value: k,
                  label: t(`fundKinds.${k}`),
                  disabled: k === 'restricted' && chosen?.fundKind === 'unrestricted',
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="intentNote" label={t('fields.intentNote')} rules={[{ max: 500 }]}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="isAnonymous" valuePropName="checked" style={{ marginBottom: 4 }}>
          <Checkbox>{t('record.anonymous')}</Checkbox>
        </Form.Item>
        <Form.Item name="waivesReceipt" valuePropName="checked" style={{ marginBottom: 0 }}>
          <Checkbox>{t('record.waivesReceipt')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
