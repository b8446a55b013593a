// 申请基金调拨: money moved from one fund to another, approved by a second person. From a restricted project fund only
// gifts whose donors consented to the receiving fund can move; the server says how much can (FUND_INSUFFICIENT with
// the eligible balance), shown on the amount field.
import { Alert, App, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AllocationView, FundView } from '../../../../../server/src/modules/donations/donations.schemas';
import { isApiError } from '../../../app/api-client';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { formatFen, parseYuanToFen } from '../../../lib/money';
import { useRequestAllocation } from '../api';
import { Money } from './tags';

type Values = { fromFundId?: number; toFundId?: number; amountFen?: string; purpose?: string };

type Props = {
  open: boolean;
  funds: FundView[];
  fromFundId?: number;
  onClose: () => void;
  onDone: (allocation: AllocationView) => void;
};

export function AllocationRequestModal({ open, ...props }: Props) {
  return open ? <AllocationRequestDialog {...props} /> : null;
}

function AllocationRequestDialog({ funds, fromFundId, onClose, onDone }: Omit<Props, 'open'>) {
  const { t } = useTranslation(['donations', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const request = useRequestAllocation();
  const chosenFromId = Form.useWatch('fromFundId', form) ?? fromFundId;
  const from = funds.find((f) => f.id === chosenFromId);
  const amountFen = parseYuanToFen(Form.useWatch('amountFen', form));
  const isOver = from !== undefined && amountFen !== null && amountFen > from.balanceFen;
  const options = funds.map((f) => ({ value: f.id, label: `${f.name} · ${f.orgName}` }));

  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      const allocation = await request.mutateAsync({
        fromFundId: v.fromFundId!,
        toFundId: v.toFundId!,
        amountFen: parseYuanToFen(v.amountFen)!,
        purpose: v.purpose!.trim(),
      });
      message.success(t('allocations.submitted', { no: allocation.allocationNo }));
      onDone(allocation);
    } catch (e) {
      if (isApiError(e) && e.code === 'FUND_INSUFFICIENT') {
        const balance = typeof e.details?.balanceFen === 'number' ? e.details.balanceFen : 0;
        const key = from?.kind === 'project' ? 'allocations.insufficientRestricted' : 'allocations.insufficient';
        form.setFields([{ name: 'amountFen', errors: [t(key, { message: e.message, balance: formatFen(balance) })] }]);
        return;
      }
      if (!showErrorOnFields(form, e, { AMOUNT_TOO_LARGE: 'amountFen' })) {
        message.error(isApiError(e) ? e.message : String(e));
      }
    }
  };

  return (
    <Modal
      open
      title={t('allocations.modalTitle')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={request.isPending}
      okText={t('common:actions.submit')}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ 'data-testid': 'allocation-submit' }}
      width={640}
      destroyOnHidden
    >
      <Form<Values> form={form} layout="vertical" initialValues={{ fromFundId }} data-testid="allocation-form">
        <Row gutter={12}>
          <Col xs={24} sm={15}>
            <Form.Item
              name="fromFundId"
              label={t('allocations.from')}
              rules={[{ required: true, message: t('common:form.choose') }]}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                options={options}
                placeholder={t('common:form.choose')}
                data-testid="allocation-from"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={9}>
            <Form.Item label={t('allocations.balance')}>
              <div style={{ paddingTop: 4 }} data-testid="allocation-balance">
                <Money fen={from?.balanceFen ?? 0} strong />
              </div>
            </Form.Item>
          </Col>
        </Row>
        {from && (
          <Alert
            type={from.kind === 'project' ? 'warning' : 'info'}
            showIcon
            title={
              from.kind === 'project'
                ? t('allocations.restrictedRule', { fund: from.name })
                : t('allocations.generalRule')
            }
            style={{ marginBottom: 16 }}
            data-testid="allocation-rule"
          />
        )}
        <Form.Item
          name="toFundId"
          label={t('allocations.to')}
          dependencies={['fromFundId']}
          rules={[
            { required: true, message: t('common:form.choose') },
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                v === undefined || v !== getFieldValue('fromFundId')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('allocations.sameFund'))),
            }),
          ]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={options.filter((o) => o.value !== from?.id)}
            placeholder={t('allocations.toPlaceholder')}
            data-testid="allocation-to"
          />
        </Form.Item>
        <Form.Item
          name="amountFen"
          label={t('fields.amountYuan')}
          rules={[
            { required: true, message: t('projects.form.badAmount') },
            {
              validator: (_, v: string | undefined) =>
                !v?.trim() || (parseYuanToFen(v) ?? 0) > 0
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('projects.form.badAmount'))),
            },
          ]}
          extra={
            isOver ? (
              <span style={{ color: '#d46b08' }}>
                {t('allocations.overBalance', { balance: formatFen(from.balanceFen) })}
              </span>
            ) : amountFen ? (
              t('record.amountShown', { amount: formatFen(amountFen) })
            ) : undefined
          }
        >
          <Input
            prefix="¥"
            inputMode="decimal"
            autoComplete="off"
            style={{ maxWidth: 240 }}
            data-testid="allocation-amount"
          />
        </Form.Item>
        <Form.Item
          name="purpose"
          label={t('allocations.purpose')}
          rules={[
            { required: true, whitespace: true, message: t('common:form.required') },
            { min: 2, max: 200 },
          ]}
        >
          <Input maxLength={200} placeholder={t('allocations.purposePlaceholder')} data-testid="allocation-purpose" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
