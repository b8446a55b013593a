// 申请拨付: money out of one fund to a person or a unit, with its evidence; a second person approves it. An amount above
// the fund's balance is flagged here and refused by the server (FUND_INSUFFICIENT), shown on the amount field.
import { App, Checkbox, Col, Collapse, Form, Input, InputNumber, Modal, Radio, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FundView, PayoutView } from '../../../../../server/src/modules/donations/donations.schemas';
import { isApiError } from '../../../app/api-client';
import { EvidenceUpload } from '../../../components/evidence-upload';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { formatFen, parseYuanToFen } from '../../../lib/money';
import { useRequestPayout } from '../api';
import { Money } from './tags';

type Values = {
  fundId: number;
  /** Yuan as typed, under the server's field name so its errors land here. */
  amountFen?: string;
  payeeKind: 'person' | 'unit';
  payeeName?: string;
  purpose?: string;
  supplier?: string;
  unitPriceFen?: string;
  quantity?: number;
  isRelatedParty?: boolean;
  isManagementFee?: boolean;
  evidenceFileId?: string;
};

type Props = {
  funds: FundView[];
  fundId: number | null;
  onClose: () => void;
  onDone: (payout: PayoutView) => void;
};

export function PayoutRequestModal({ fundId, ...props }: Omit<Props, 'fundId'> & { fundId: number | null }) {
  return fundId === null ? null : <PayoutRequestDialog fundId={fundId} {...props} />;
}

function PayoutRequestDialog({ funds, fundId, onClose, onDone }: Props) {
  const { t } = useTranslation(['donations', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const request = useRequestPayout();
  const chosenFundId = Form.useWatch('fundId', form) ?? fundId;
  const fund = funds.find((f) => f.id === chosenFundId);
  const amountFen = parseYuanToFen(Form.useWatch('amountFen', form));
  const isOver = fund !== undefined && amountFen !== null && amountFen > fund.balanceFen;

  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      const payout = await request.mutateAsync({
        fundId: v.fundId,
        amountFen: parseYuanToFen(v.amountFen)!,
        payeeKind: v.payeeKind,
        payeeName: v.payeeName!.trim(),
        purpose: v.purpose!.trim(),
        supplier: v.supplier?.trim() || undefined,
        unitPriceFen: parseYuanToFen(v.unitPriceFen) ?? undefined,
        quantity: v.quantity ?? undefined,
        isRelatedParty: !!v.isRelatedParty,
        isManagementFee: !!v.isManagementFee,
        evidenceFileId: v.evidenceFileId!,
      });
      message.success(t('payouts.form.submitted', { no: payout.payoutNo }));
      onDone(payout);
    } catch (e) {
      if (isApiError(e) && e.code === 'FUND_INSUFFICIENT') {
        const balance = typeof e.details?.balanceFen === 'number' ? e.details.balanceFen : (fund?.balanceFen ?? 0);
        form.setFields([
          {
            name: 'amountFen',
            errors: [t('payouts.form.insufficient', { message: e.message, balance: formatFen(balance) })],
          },
        ]);
        return;
      }
      if (!showErrorOnFields(form, e, { AMOUNT_TOO_LARGE: 'amountFen', MANAGEMENT_FEE_OVER_CAP: 'amountFen' })) {
        message.error(isApiError(e) ? e.message : String(e));
      }
    }
  };

  const required = { required: true, whitespace: true, message: t('common:form.required') };
  const yuanRule = (optional: boolean) => ({
    validator: (_: unknown, v: string | undefined) =>
      (optional && !v?.trim()) || (parseYuanToFen(v) ?? 0) > 0
        ? Promise.resolve()
        : Promise.reject(new Error(t('projects.form.badAmount'))),
  });

  return (
    <Modal
      open
      title={t('payouts.form.title')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={request.isPending}
      okText={t('common:actions.submit')}
      cancelText={t('common:actions.cancel')}
      width={680}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'payout-submit' }}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ fundId, payeeKind: 'unit' }}
        data-testid="payout-form"
      >
        <Row gutter={12}>
          <Col xs={24} sm={15}>
            <Form.Item name="fundId" label={t('payouts.form.fund')} rules={[{ required: true }]}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={funds.map((f) => ({ value: f.id, label: `${f.name} · ${f.orgName}` }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={9}>
            <Form.Item label={t('payouts.form.available')}>
              <div style={{ paddingTop: 4 }} data-testid="payout-available">
                <Money fen={fund?.balanceFen ?? 0} strong />
              </div>
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={9}>
            <Form.Item
              name="amountFen"
              label={t('fields.amountYuan')}
              rules={[{ required: true, message: t('projects.form.badAmount') }, yuanRule(true)]}
              extra={
                isOver ? (
                  <span style={{ color: '#d46b08' }}>
                    {t('payouts.form.overBalance', { balance: formatFen(fund.balanceFen) })}
                  </span>
                ) : amountFen ? (
                  t('record.amountShown', { amount: formatFen(amountFen) })
                ) : undefined
              }
            >
              <Input prefix="¥" inputMode="decimal" autoComplete="off" data-testid="payout-amount" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={15}>
            <Form.Item name="payeeKind" label={t('payouts.form.payeeKind')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                options={(['unit', 'person'] as const).map((k) => ({ value: k, label: t(`payeeKinds.${k}`) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="payeeName" label={t('payouts.form.payeeName')} rules={[required, { max: 100 }]}>
          <Input maxLength={100} placeholder={t('payouts.form.payeeNamePlaceholder')} data-testid="payout-payee" />
        </Form.Item>
        <Form.Item name="purpose" label={t('payouts.purpose')} rules={[required, { min: 2, max: 200 }]}>
          <Input maxLength={200} placeholder={t('payouts.form.purposePlaceholder')} data-testid="payout-purpose" />
        </Form.Item>
        <Collapse
          size="small"
          style={{ marginBottom: 16 }}
          items={[
            {
              key: 'purchase',
              label: t('payouts.purchase'),
              children: (
                <Row gutter={12}>
                  <Col xs={24} sm={10}>
                    <Form.Item name="supplier" label={t('payouts.supplier')} rules={[{ max: 100 }]}>
                      <Input maxLength={100} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={7}>
                    <Form.Item name="unitPriceFen" label={t('payouts.unitPrice')} rules={[yuanRule(true)]}>
                      <Input prefix="¥" inputMode="decimal" />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={7}>
                    <Form.Item name="quantity" label={t('payouts.quantity')}>
                      <InputNumber min={1} max={10_000_000} precision={0} style={{ width: '100%' }} />
                    </Form.Item>
                  </Col>
                </Row>
              ),
            },
          ]}
        />
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="isRelatedParty" valuePropName="checked" extra={t('payouts.relatedPartyHint')}>
              <Checkbox>{t('payouts.relatedParty')}</Checkbox>
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="isManagementFee" valuePropName="checked" extra={t('payouts.managementFeeHint')}>
              <Checkbox>{t('payouts.managementFee')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="evidenceFileId"
          label={t('payouts.evidence')}
          rules={[{ required: true, message: t('evidence.required') }]}
        >
          <EvidenceUpload data-testid="payout-evidence" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
