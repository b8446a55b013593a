// The console forms of a mutual-aid fund: open a fund, a livestream rule, money in (with the livestream share computed
// as the server does), a grant (pending a second person) and a loan with its schedule preview. Server refusals land on
// the field they concern.
import {
  Alert,
  App,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Segmented,
  Select,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { EvidenceUpload } from '../../../components/evidence-upload';
import { OrgPicker } from '../../../components/org-picker';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { chinaNow } from '../../../lib/china-time';
import { formatFen, parseYuanToFen } from '../../../lib/money';
import {
  type FundDetail,
  type FundView,
  useCreateRule,
  useIssueLoan,
  useOpenFund,
  useRecordContribution,
  useRecordGrant,
} from '../api';
import { formatBp, livestreamShareFen, parsePercentToBp } from '../rates';
import { PersonSearch } from './person-search';

type SourceKind = 'red_cross' | 'villager' | 'company' | 'livestream';
const sourceKinds: SourceKind[] = ['red_cross', 'company', 'villager', 'livestream'];
const dateOf = (d: Dayjs | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

function useFormKit() {
  const { t } = useTranslation(['mutualaid', 'common']);
  const { message } = App.useApp();
  const required = { required: true, whitespace: true, message: t('common:form.required') };
  const yuan = {
    validator: (_: unknown, v: string | undefined) =>
      (parseYuanToFen(v) ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error(t('admin.errors.amount'))),
  };
  /** Shows a refusal on its field, or as a message when it names none on this form. */
  const fail = (form: Parameters<typeof showErrorOnFields>[0], e: unknown, codes: Record<string, string> = {}) => {
    if (!showErrorOnFields(form, e, codes)) {
      message.error(isApiError(e) ? e.message : String(e));
    }
  };
  return { t, message, required, yuan, fail };
}

function FormModal(props: {
  title: string;
  onOk: () => void;
  onClose: () => void;
  busy: boolean;
  width?: number;
  testId: string;
  children: ReactNode;
}) {
  const { t } = useTranslation('common');
  return (
    <Modal
      open
      title={props.title}
      onOk={props.onOk}
      onCancel={props.onClose}
      confirmLoading={props.busy}
      okText={t('actions.submit')}
      cancelText={t('actions.cancel')}
      width={props.width ?? 560}
      destroyOnHidden
      okButtonProps={{ 'data-testid': `${props.testId}-submit` }}
    >
      {props.children}
    </Modal>
  );
}

// ------------------------------------------------------------------------------------------------ open a fund

type FundValues = {
  orgId?: number;
  name?: string;
  description?: string;
  maxGrantFen?: string;
  maxLoanFen?: string;
  loanTermMonths?: number;
};

export function OpenFundModal({ onClose, onDone }: { onClose: () => void; onDone: (fund: FundView) => void }) {
  const { t, message, required, yuan, fail } = useFormKit();
  const [form] = Form.useForm<FundValues>();
  const open = useOpenFund();
  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      const fund = await open.mutateAsync({
        orgId: v.orgId!,
        name: v.name!.trim(),
        description: v.description?.trim() || undefined,
        maxGrantFen: parseYuanToFen(v.maxGrantFen)!,
        maxLoanFen: parseYuanToFen(v.maxLoanFen)!,
        loanTermMonths: v.loanTermMonths ?? 24,
      });
      message.success(t('admin.opened', { name: fund.name }));
      onDone(fund);
    } catch (e) {
      fail(form, e);
    }
  };
  return (
    <FormModal title={t('admin.open')} onOk={onOk} onClose={onClose} busy={open.isPending} testId="fund-open">
      <Form<FundValues>
        form={form}
        layout="vertical"
        initialValues={{ loanTermMonths: 24, maxGrantFen: '5000', maxLoanFen: '20000' }}
      >
        <Form.Item
          name="orgId"
          label={t('admin.unit')}
          rules={[{ required: true, message: t('common:form.required') }]}
        >
          <OrgPicker />
        </Form.Item>
        <Form.Item name="name" label={t('admin.name')} rules={[required, { max: 60 }]}>
          <Input placeholder="白鱼潭村互助金" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="maxGrantFen" label={t('admin.maxGrant')} rules={[yuan]}>
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="maxLoanFen" label={t('admin.maxLoan')} rules={[yuan]}>
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="loanTermMonths" label={t('admin.term')} tooltip={t('admin.termHint')}>
              <InputNumber min={1} max={60} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('admin.description')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

// ------------------------------------------------------------------------------------------------ rule

type RuleValues = { name?: string; partner?: string; rate?: string };

export function RuleModal({ fundId, onClose }: { fundId: number; onClose: () => void }) {
  const { t, message, required, fail } = useFormKit();
  const [form] = Form.useForm<RuleValues>();
  const create = useCreateRule();
  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      await create.mutateAsync({
        fundId,
        input: { name: v.name!.trim(), partner: v.partner!.trim(), rateBp: parsePercentToBp(v.rate)! },
      });
      message.success(t('admin.rule.saved'));
      onClose();
    } catch (e) {
      fail(form, e, { rateBp: 'rate' });
    }
  };
  return (
    <FormModal title={t('admin.rule.add')} onOk={onOk} onClose={onClose} busy={create.isPending} testId="rule">
      <Form<RuleValues> form={form} layout="vertical">
        <Form.Item name="name" label={t('admin.rule.name')} rules={[required, { max: 60 }]}>
          <Input placeholder="白鱼潭古村助农直播间" />
        </Form.Item>
        <Form.Item name="partner" label={t('admin.rule.partner')} rules={[required, { max: 60 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="rate"
          label={t('admin.rule.rate')}
          extra={t('admin.rule.rateHint')}
          rules={[
            {
              validator: (_, v: string | undefined) =>
                parsePercentToBp(v) ? Promise.resolve() : Promise.reject(new Error(t('admin.errors.rate'))),
            },
          ]}
        >
          <Input inputMode="decimal" suffix="%" style={{ maxWidth: 180 }} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

// ------------------------------------------------------------------------------------------------ money in

type ContributionValues = {
  sourceKind: SourceKind;
  contributorName?: string;
  amountFen?: string;
  ruleId?: number;
  salesFen?: string;
  period?: [Dayjs, Dayjs];
  receivedOn?: Dayjs;
  evidenceFileId?: string;
  note?: string;
};

export function ContributionModal({ detail, onClose }: { detail: FundDetail; onClose: () => void }) {
  const { t, message, required, yuan, fail } = useFormKit();
  const [form] = Form.useForm<ContributionValues>();
  const record = useRecordContribution();
  const kind = Form.useWatch('sourceKind', form) ?? 'red_cross';
  const ruleId = Form.useWatch('ruleId', form);
  const sales = parseYuanToFen(Form.useWatch('salesFen', form));
  const rules = detail.rules.filter((r) => r.isActive);
  const rule = rules.find((r) => r.id === ruleId);
  const share = rule && sales ? livestreamShareFen(sales, rule.rateBp) : null;
  const needsEvidence = kind !== 'villager';

  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    const common = {
      receivedOn: dateOf(v.receivedOn)!,
      evidenceFileId: v.evidenceFileId,
      note: v.note?.trim() || undefined,
    };
    const input =
      v.sourceKind === 'livestream'
        ? {
            sourceKind: 'livestream' as const,
            ruleId: v.ruleId!,
            salesFen: parseYuanToFen(v.salesFen)!,
            periodFrom: dateOf(v.period?.[0])!,
            periodTo: dateOf(v.period?.[1])!,
            ...common,
          }
        : v.sourceKind === 'villager'
          ? {
              sourceKind: 'villager' as const,
              contributorName: v.contributorName?.trim() || undefined,
              amountFen: parseYuanToFen(v.amountFen)!,
              ...common,
            }
          : {
              sourceKind: v.sourceKind,
              contributorName: v.contributorName!.trim(),
              amountFen: parseYuanToFen(v.amountFen)!,
              ...common,
            };
    try {
      const saved = await record.mutateAsync({ fundId: detail.fund.id, input });
      message.success(t('admin.contribution.saved', { no: saved.contributionNo }));
      onClose();
    } catch (e) {
      fail(form, e, { MATERIALS_MISSING: 'evidenceFileId', periodFrom: 'period', periodTo: 'period' });
    }
  };

  return (
    <FormModal
      title={t('admin.contribution.add')}
      onOk={onOk}
      onClose={onClose}
      busy={record.isPending}
      width={600}
      testId="contribution"
    >
      <Form<ContributionValues>
        form={form}
        layout="vertical"
        initialValues={{ sourceKind: 'red_cross', receivedOn: chinaNow() }}
      >
        <Form.Item name="sourceKind" label={t('admin.contribution.source')}>
          <Segmented
            block
            options={sourceKinds.map((k) => ({ value: k, label: t(`sources.${k}`) }))}
            data-testid="contribution-source"
          />
        </Form.Item>
        {kind === 'livestream' ? (
          <>
            {rules.length === 0 && (
              <Alert type="warning" showIcon title={t('admin.contribution.noRules')} style={{ marginBottom: 12 }} />
            )}
            <Form.Item name="ruleId" label={t('admin.contribution.rule')} rules={[{ required: true }]}>
              <Select
                options={rules.map((r) => ({ value: r.id, label: `${r.name} · ${r.partner} · ${formatBp(r.rateBp)}` }))}
              />
            </Form.Item>
            <Row gutter={12}>
              <Col span={10}>
                <Form.Item name="salesFen" label={t('admin.contribution.sales')} rules={[yuan]}>
                  <Input inputMode="decimal" />
                </Form.Item>
              </Col>
              <Col span={14}>
                <Form.Item name="period" label={t('admin.contribution.period')} rules={[{ required: true }]}>
                  <DatePicker.RangePicker
                    style={{ width: '100%' }}
                    disabledDate={(d) => d.isAfter(chinaNow(), 'day')}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Alert
              type="info"
              style={{ marginBottom: 16 }}
              title={
                <span data-testid="contribution-share">
                  {t('admin.contribution.computed')}: <strong>{share !== null ? formatFen(share) : '—'}</strong>
                  <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                    ({t('admin.contribution.rounding')})
                  </Typography.Text>
                </span>
              }
            />
          </>
        ) : (
          <Row gutter={12}>
            <Col span={14}>
              <Form.Item
                name="contributorName"
                label={
                  kind === 'villager'
                    ? t('admin.contribution.contributorVillager')
                    : t('admin.contribution.contributor')
                }
                rules={kind === 'villager' ? [{ max: 50 }] : [required, { max: 60 }]}
              >
                <Input />
              </Form.Item>
            </Col>
            <Col span={10}>
              <Form.Item name="amountFen" label={t('admin.contribution.amount')} rules={[yuan]}>
                <Input inputMode="decimal" />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item name="receivedOn" label={t('admin.contribution.receivedOn')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isAfter(chinaNow(), 'day')} />
        </Form.Item>
        <Form.Item
          name="evidenceFileId"
          label={t('admin.contribution.evidence')}
          extra={needsEvidence ? t('admin.contribution.evidenceRequired') : t('admin.contribution.evidenceOptional')}
          rules={needsEvidence ? [{ required: true, message: t('admin.contribution.evidenceRequired') }] : []}
        >
          <EvidenceUpload />
        </Form.Item>
        <Form.Item name="note" label={t('admin.contribution.note')} rules={[{ max: 200 }]}>
          <Input />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

// ------------------------------------------------------------------------------------------------ people

type PersonValues = { mode: 'id' | 'person'; name?: string; idNumber?: string; phone?: string; personId?: string };

function PersonFields({ withPhone, orgId }: { withPhone: boolean; orgId: number }) {
  const { t, required } = useFormKit();
  const form = Form.useFormInstance<PersonValues>();
  const mode = Form.useWatch('mode', form) ?? 'id';
  return (
    <>
      <Form.Item name="mode" label={t('admin.person.mode')}>
        <Radio.Group
          optionType="button"
          options={[
            { value: 'id', label: t('admin.person.byId') },
            { value: 'person', label: t('admin.person.byPersonId') },
          ]}
        />
      </Form.Item>
      {mode === 'id' ? (
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="name" label={t('admin.person.name')} rules={[required, { max: 50 }]}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={withPhone ? 9 : 16}>
            <Form.Item name="idNumber" label={t('admin.person.idNumber')} rules={[required, { min: 15, max: 18 }]}>
              <Input maxLength={18} />
            </Form.Item>
          </Col>
          {withPhone && (
            <Col span={7}>
              <Form.Item name="phone" label={t('admin.person.phone')} rules={[{ max: 20 }]}>
                <Input inputMode="tel" />
              </Form.Item>
            </Col>
          )}
        </Row>
      ) : (
        <Form.Item
          name="personId"
          label={t('admin.person.personId')}
          rules={[{ required: true, message: t('common:form.required') }]}
        >
          <PersonSearch orgId={orgId} />
        </Form.Item>
      )}
    </>
  );
}

function personRef(v: PersonValues) {
  return v.mode === 'person'
    ? { personId: v.personId!.trim() }
    : { name: v.name!.trim(), idNumber: v.idNumber!.trim(), phone: v.phone?.trim() || undefined };
}

// ------------------------------------------------------------------------------------------------ grant

type GrantValues = PersonValues & { amountFen?: string; purpose?: string; reason?: string; evidenceFileId?: string };

export function GrantModal({ fund, onClose }: { fund: FundView; onClose: () => void }) {
  const { t, message, required, yuan, fail } = useFormKit();
  const [form] = Form.useForm<GrantValues>();
  const record = useRecordGrant();
  const amount = parseYuanToFen(Form.useWatch('amountFen', form));
  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      const grant = await record.mutateAsync({
        fundId: fund.id,
        input: {
          recipient: personRef(v),
          amountFen: parseYuanToFen(v.amountFen)!,
          purpose: v.purpose!.trim(),
          reason: v.reason!.trim(),
          evidenceFileId: v.evidenceFileId,
        },
      });
      message.success(t('admin.grant.saved', { no: grant.grantNo }));
      onClose();
    } catch (e) {
      fail(form, e, { AMOUNT_TOO_LARGE: 'amountFen', FUND_INSUFFICIENT: 'amountFen', PERSON_DUPLICATE_ID: 'idNumber' });
    }
  };
  return (
    <FormModal
      title={t('admin.grant.add')}
      onOk={onOk}
      onClose={onClose}
      busy={record.isPending}
      width={620}
      testId="grant"
    >
      <Form<GrantValues> form={form} layout="vertical" initialValues={{ mode: 'id' }}>
        <PersonFields withPhone={false} orgId={fund.orgId} />
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item
              name="amountFen"
              label={t('admin.contribution.amount')}
              rules={[yuan]}
              extra={
                amount !== null && amount > fund.maxGrantFen
                  ? t('admin.errors.overMax', { max: formatFen(fund.maxGrantFen) })
                  : amount !== null && amount > fund.totals.balanceFen
                    ? t('admin.errors.overBalance', { balance: formatFen(fund.totals.balanceFen) })
                    : undefined
              }
            >
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="purpose" label={t('admin.grant.purpose')} rules={[required, { max: 100 }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="reason"
          label={t('admin.grant.reason')}
          extra={t('admin.grant.reasonHint')}
          rules={[required, { max: 500 }]}
        >
          <Input.TextArea rows={3} />
        </Form.Item>
        <Form.Item name="evidenceFileId" label={t('admin.contribution.evidence')}>
          <EvidenceUpload />
        </Form.Item>
        <Alert type="info" showIcon title={t('admin.grant.secondPerson')} />
      </Form>
    </FormModal>
  );
}

// ------------------------------------------------------------------------------------------------ loan

type LoanValues = PersonValues & {
  contactPhone?: string;
  amountFen?: string;
  purpose?: string;
  agreementFileId?: string;
  termMonths?: number;
  scheduleKind: 'equal' | 'bullet';
  disbursedOn?: Dayjs;
};

/** The schedule the server will fix (equal: floor per month, the last takes the remainder; bullet: one at the end). */
function previewSchedule(amountFen: number, termMonths: number, kind: 'equal' | 'bullet', startOn: Dayjs) {
  if (kind === 'bullet') {
    return [{ seq: 1, dueOn: startOn.add(termMonths, 'month').format('YYYY-MM-DD'), amountFen }];
  }
  const base = Math.floor(amountFen / termMonths);
  return Array.from({ length: termMonths }, (_, i) => ({
    seq: i + 1,
    dueOn: startOn.add(i + 1, 'month').format('YYYY-MM-DD'),
    amountFen: i === termMonths - 1 ? amountFen - base * (termMonths - 1) : base,
  }));
}

export function LoanModal({ fund, onClose }: { fund: FundView; onClose: () => void }) {
  const { t, message, required, yuan, fail } = useFormKit();
  const [form] = Form.useForm<LoanValues>();
  const issue = useIssueLoan();
  const amount = parseYuanToFen(Form.useWatch('amountFen', form));
  const term = Form.useWatch('termMonths', form) ?? fund.loanTermMonths;
  const kind = Form.useWatch('scheduleKind', form) ?? 'equal';
  const start = Form.useWatch('disbursedOn', form) ?? chinaNow();
  const preview = useMemo(
    () => (amount && term ? previewSchedule(amount, term, kind, start) : []),
    [amount, term, kind, start],
  );

  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      const loan = await issue.mutateAsync({
        fundId: fund.id,
        input: {
          borrower: personRef(v),
          contactPhone: v.contactPhone?.trim() || undefined,
          amountFen: parseYuanToFen(v.amountFen)!,
          purpose: v.purpose!.trim(),
          agreementFileId: v.agreementFileId!,
          termMonths: v.termMonths,
          scheduleKind: v.scheduleKind,
          disbursedOn: dateOf(v.disbursedOn),
        },
      });
      message.success(t('admin.loan.saved', { no: loan.loanNo }));
      onClose();
    } catch (e) {
      fail(form, e, {
        AMOUNT_TOO_LARGE: 'amountFen',
        FUND_INSUFFICIENT: 'amountFen',
        PERSON_DUPLICATE_ID: 'idNumber',
        INVALID_PHONE: 'phone',
      });
    }
  };
  return (
    <FormModal
      title={t('admin.loan.add')}
      onOk={onOk}
      onClose={onClose}
      busy={issue.isPending}
      width={720}
      testId="loan"
    >
      <Form<LoanValues>
        form={form}
        layout="vertical"
        initialValues={{ mode: 'id', scheduleKind: 'equal', termMonths: fund.loanTermMonths, disbursedOn: chinaNow() }}
      >
        <PersonFields withPhone orgId={fund.orgId} />
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item
              name="amountFen"
              label={t('admin.contribution.amount')}
              rules={[yuan]}
              extra={t('admin.loan.maxHint', {
                max: formatFen(fund.maxLoanFen),
                balance: formatFen(fund.totals.balanceFen),
              })}
            >
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="purpose" label={t('admin.loan.purpose')} rules={[required, { max: 100 }]}>
              <Input />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={7}>
            <Form.Item name="scheduleKind" label={t('admin.loan.scheduleKind')}>
              <Select options={(['equal', 'bullet'] as const).map((k) => ({ value: k, label: t(`schedule.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col span={5}>
            <Form.Item name="termMonths" label={t('admin.loan.term')}>
              <InputNumber min={1} max={fund.loanTermMonths} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="disbursedOn" label={t('admin.loan.disbursedOn')} rules={[{ required: true }]}>
              <DatePicker disabledDate={(d) => d.isAfter(chinaNow(), 'day')} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="contactPhone" label={t('admin.loan.contactPhone')} rules={[{ max: 20 }]}>
              <Input inputMode="tel" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="agreementFileId"
          label={t('admin.loan.agreement')}
          extra={t('admin.loan.agreementHint')}
          rules={[{ required: true, message: t('admin.loan.agreementHint') }]}
        >
          <EvidenceUpload data-testid="loan-agreement" />
        </Form.Item>
        {preview.length > 0 && (
          <>
            <Typography.Text strong>{t('admin.loan.preview')}</Typography.Text>
            <Table
              size="small"
              rowKey="seq"
              dataSource={preview}
              pagination={preview.length > 6 ? { pageSize: 6, size: 'small', showSizeChanger: false } : false}
              columns={[
                { title: t('admin.loan.seq'), dataIndex: 'seq', width: 60 },
                { title: t('admin.loan.dueOn'), dataIndex: 'dueOn' },
                {
                  title: t('admin.loan.due'),
                  dataIndex: 'amountFen',
                  align: 'right',
                  render: (f: number) => formatFen(f),
                },
              ]}
            />
          </>
        )}
      </Form>
    </FormModal>
  );
}
