// 登记物资入库 (the first count): donor, the exact product (N95 is not KN95), quantity, dates against the configured
// minimum shelf life, the value with its evidence kind and file (or quantity only), the letter of intent. The lot waits
// for a second person's count. The server's refusals land on their fields (too short a shelf life on the expiry).
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Checkbox, Col, DatePicker, Form, Input, InputNumber, Modal, Radio, Row, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProjectView } from '../../../../../server/src/modules/donations/donations.schemas';
import { valuationKindValues } from '../../../../../server/src/modules/goods/goods.schemas';
import { apiFetch, isApiError } from '../../../app/api-client';
import { EvidenceUpload } from '../../../components/evidence-upload';
import { OrgPicker } from '../../../components/org-picker';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { chinaNow, toChinaIso } from '../../../lib/china-time';
import { parseYuanToFen } from '../../../lib/money';
import { type LotView, type RecordLot, useGoodsRules, useRecordLot, useWarehouses } from '../api';
import { earliestAcceptableExpiry } from '../shelf-life';

type ValuationChoice = (typeof valuationKindValues)[number] | 'none';

type Values = {
  orgId?: number;
  warehouseId?: number;
  projectId?: number;
  donorKind: 'person' | 'organisation';
  donorName: string;
  isAnonymous?: boolean;
  itemName: string;
  spec: string;
  standard?: string;
  productCode: string;
  unit: string;
  quantity?: number;
  piecesPerUnit?: number;
  pieceUnit?: string;
  productionDate?: Dayjs | null;
  expiresOn?: Dayjs | null;
  isShortLife?: boolean;
  valuationKind: ValuationChoice;
  /** Yuan as typed, under the server's field names so its errors land here. */
  unitValueFen?: string;
  valueFen?: string;
  valuationFileId?: string;
  letterFileId?: string;
  receivedAt: Dayjs;
  note?: string;
};

type Props = { open: boolean; orgId: number | null; onClose: () => void; onDone: (lot: LotView) => void };

export function IntakeModal({ open, ...props }: Props) {
  return open ? <IntakeDialog {...props} /> : null;
}

const optional = (s: string | undefined) => (s?.trim() ? s.trim() : undefined);

function IntakeDialog({ orgId, onClose, onDone }: Omit<Props, 'open'>) {
  const { t } = useTranslation(['goods', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const record = useRecordLot();
  const rules = useGoodsRules();
  const [error, setError] = useState<string | null>(null);
  const chosenOrg = Form.useWatch('orgId', form) ?? undefined;
  const isShortLife = Form.useWatch('isShortLife', form) ?? false;
  const receivedAt = Form.useWatch('receivedAt', form) as Dayjs | undefined;
  const expiresOn = Form.useWatch('expiresOn', form) as Dayjs | null | undefined;
  const valuationKind = (Form.useWatch('valuationKind', form) ?? 'none') as ValuationChoice;
  const warehouses = useWarehouses(chosenOrg);
  const projects = useQuery({
    queryKey: ['goods', 'project-options', chosenOrg ?? null],
    queryFn: () =>
      apiFetch<{ items: ProjectView[] }>('/donation-projects', { query: { orgId: chosenOrg, limit: 100 } }),
    enabled: chosenOrg !== undefined,
    retry: false,
  });

  const months = rules.data ? (isShortLife ? rules.data.minShelfMonthsShortLife : rules.data.minShelfMonths) : null;
  const receivedOn = (receivedAt ?? chinaNow()).format('YYYY-MM-DD');
  const earliest = months === null ? null : earliestAcceptableExpiry(receivedOn, months);
  const tooShort = !!earliest && !!expiresOn && expiresOn.format('YYYY-MM-DD') < earliest;

  const submit = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    setError(null);
    const hasValue = v.valuationKind !== 'none';
    const input: RecordLot = {
      orgId: v.orgId!,
      warehouseId: v.warehouseId!,
      projectId: v.projectId,
      donorKind: v.donorKind,
      donorName: v.donorName.trim(),
      isAnonymous: !!v.isAnonymous,
      itemName: v.itemName.trim(),
      spec: v.spec.trim(),
      standard: optional(v.standard),
      productCode: v.productCode.trim(),
      unit: v.unit.trim(),
      quantity: v.quantity!,
      piecesPerUnit: v.piecesPerUnit ?? undefined,
      pieceUnit: v.piecesPerUnit ? optional(v.pieceUnit) : undefined,
      productionDate: v.productionDate?.format('YYYY-MM-DD'),
      expiresOn: v.expiresOn?.format('YYYY-MM-DD'),
      isShortLife: !!v.isShortLife,
      unitValueFen: hasValue && optional(v.unitValueFen) ? (parseYuanToFen(v.unitValueFen) ?? undefined) : undefined,
      valueFen: hasValue && optional(v.valueFen) ? (parseYuanToFen(v.valueFen) ?? undefined) : undefined,
      valuationKind: hasValue ? (v.valuationKind as RecordLot['valuationKind']) : undefined,
      valuationFileId: hasValue ? v.valuationFileId : undefined,
      letterFileId: v.letterFileId,
      receivedAt: toChinaIso(v.receivedAt),
      note: optional(v.note),
    };
    try {
      const lot = await record.mutateAsync(input);
      message.success(t('intake.recorded', { no: lot.lotNo }));
      onDone(lot);
    } catch (e) {
      if (isApiError(e) && e.code === 'GOODS_SHELF_LIFE_TOO_SHORT') {
        const d = e.details as { minShelfMonths?: number; earliestAcceptable?: string } | undefined;
        const detail = t('intake.shelfTooShort', {
          months: d?.minShelfMonths ?? '',
          earliest: d?.earliestAcceptable ?? '',
        });
        form.setFields([{ name: 'expiresOn', errors: [`${e.message}: ${detail}`] }]);
        setError(`${e.message}: ${detail}`);
        return;
      }
      // The message stays on top as well: a long form may hide the field it names.
      showErrorOnFields(form, e);
      setError(isApiError(e) ? e.message : String(e));
    }
  };

  const yuanRule = {
    validator: (_: unknown, value?: string) =>
      !value?.trim() || parseYuanToFen(value) !== null
        ? Promise.resolve()
        : Promise.reject(new Error(t('intake.valueInvalid'))),
  };

  return (
    <Modal
      open
      width={880}
      title={t('intake.title')}
      onCancel={onClose}
      onOk={submit}
      okText={t('intake.submit')}
      cancelText={t('common:actions.cancel')}
      confirmLoading={record.isPending}
      okButtonProps={{ 'data-testid': 'intake-submit' }}
      destroyOnHidden
      styles={{ body: { maxHeight: 'calc(100vh - 220px)', overflowY: 'auto', paddingInlineEnd: 8 } }}
    >
      <Alert type="info" showIcon title={t('intake.intro')} style={{ marginBottom: 12 }} />
      <Form<Values>
        form={form}
        layout="vertical"
        requiredMark="optional"
        initialValues={{
          orgId: orgId ?? undefined,
          donorKind: 'organisation',
          valuationKind: 'none',
          receivedAt: chinaNow(),
          isShortLife: false,
          isAnonymous: false,
        }}
        onValuesChange={(changed) => {
          if ('orgId' in changed) {
            form.setFieldsValue({ warehouseId: undefined, projectId: undefined });
          }
        }}
        data-testid="intake-form"
      >
        <div className="goods-form-section">{t('intake.sectionReceipt')}</div>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="orgId"
              label={t('intake.unit')}
              rules={[{ required: true, message: t('intake.required') }]}
            >
              <OrgPicker />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="warehouseId"
              label={t('intake.warehouse')}
              rules={[{ required: true, message: t('intake.required') }]}
              extra={
                chosenOrg !== undefined && warehouses.data?.length === 0 ? (
                  <span style={{ color: '#d46b08' }}>{t('intake.noWarehouse')}</span>
                ) : undefined
              }
            >
              <Select<number>
                loading={warehouses.isLoading}
                options={(warehouses.data ?? []).map((w) => ({ value: w.id, label: `${w.name} · ${w.orgName}` }))}
                popupMatchSelectWidth={false}
                data-testid="intake-warehouse"
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="receivedAt" label={t('intake.receivedAt')} rules={[{ required: true }]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>

        <div className="goods-form-section">{t('intake.sectionDonor')}</div>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="donorKind" label={t('intake.donorKind')} required>
              <Radio.Group
                optionType="button"
                options={(['organisation', 'person'] as const).map((k) => ({ value: k, label: t(`donorKinds.${k}`) }))}
              />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item
              name="donorName"
              label={t('intake.donorName')}
              rules={[{ required: true, whitespace: true, max: 100, message: t('intake.required') }]}
            >
              <Input maxLength={100} data-testid="intake-donor" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="isAnonymous" valuePropName="checked" style={{ marginTop: -8 }}>
              <Checkbox>{t('intake.isAnonymous')}</Checkbox>
            </Form.Item>
          </Col>
          {projects.data && projects.data.items.length > 0 && (
            <Col span={16}>
              <Form.Item name="projectId" label={t('intake.project')}>
                <Select<number>
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  options={projects.data.items.map((p) => ({ value: p.id, label: p.name }))}
                  popupMatchSelectWidth={false}
                />
              </Form.Item>
            </Col>
          )}
        </Row>

        <div className="goods-form-section">{t('intake.sectionGoods')}</div>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item
              name="itemName"
              label={t('intake.itemName')}
              rules={[{ required: true, whitespace: true, max: 60, message: t('intake.required') }]}
            >
              <Input maxLength={60} placeholder={t('intake.itemNamePlaceholder')} data-testid="intake-item" />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item
              name="spec"
              label={t('intake.spec')}
              rules={[{ required: true, whitespace: true, max: 200, message: t('intake.required') }]}
            >
              <Input maxLength={200} placeholder={t('intake.specPlaceholder')} data-testid="intake-spec" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item
              name="productCode"
              label={t('intake.productCode')}
              extra={t('intake.productCodeHint')}
              rules={[{ required: true, whitespace: true, max: 40, message: t('intake.required') }]}
            >
              <Input maxLength={40} placeholder={t('intake.productCodePlaceholder')} data-testid="intake-code" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="standard" label={t('intake.standard')} rules={[{ max: 60 }]}>
              <Input maxLength={60} placeholder={t('intake.standardPlaceholder')} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label={t('intake.quantity')} required style={{ marginBottom: 0 }}>
              <Row gutter={8}>
                <Col span={14}>
                  <Form.Item name="quantity" rules={[{ required: true, message: t('intake.required') }]}>
                    <InputNumber<number>
                      min={1}
                      max={100_000_000}
                      precision={0}
                      style={{ width: '100%' }}
                      data-testid="intake-quantity"
                    />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item
                    name="unit"
                    rules={[{ required: true, whitespace: true, max: 10, message: t('intake.required') }]}
                  >
                    <Input maxLength={10} placeholder={t('intake.unitPlaceholder')} data-testid="intake-unit" />
                  </Form.Item>
                </Col>
              </Row>
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item label={t('intake.piecesPerUnit')} style={{ marginBottom: 0 }}>
              <Row gutter={8}>
                <Col span={14}>
                  <Form.Item name="piecesPerUnit">
                    <InputNumber<number>
                      min={1}
                      max={1_000_000}
                      precision={0}
                      placeholder={t('intake.piecesPlaceholder')}
                      style={{ width: '100%' }}
                    />
                  </Form.Item>
                </Col>
                <Col span={10}>
                  <Form.Item
                    name="pieceUnit"
                    dependencies={['piecesPerUnit']}
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: (_, value?: string) =>
                          !getFieldValue('piecesPerUnit') || value?.trim()
                            ? Promise.resolve()
                            : Promise.reject(new Error(t('intake.required'))),
                      }),
                    ]}
                  >
                    <Input maxLength={10} placeholder={t('intake.pieceUnitPlaceholder')} />
                  </Form.Item>
                </Col>
              </Row>
            </Form.Item>
          </Col>
        </Row>

        <div className="goods-form-section">{t('intake.sectionDates')}</div>
        <Alert
          type={tooShort ? 'warning' : 'info'}
          showIcon
          data-testid="intake-shelf-rule"
          title={
            months === null || !earliest
              ? t('intake.shelfRuleLoading')
              : t('intake.shelfRule', { months, received: receivedOn, earliest })
          }
          style={{ marginBottom: 12 }}
        />
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="productionDate" label={t('intake.productionDate')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item
              name="expiresOn"
              label={t('intake.expiresOn')}
              validateStatus={tooShort ? 'warning' : undefined}
              help={tooShort && earliest ? t('intake.shelfTooShort', { months: months ?? '', earliest }) : undefined}
              dependencies={['isShortLife']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, value?: Dayjs | null) =>
                    !getFieldValue('isShortLife') || value
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('intake.shortLifeNeedsExpiry'))),
                }),
              ]}
            >
              <DatePicker style={{ width: '100%' }} data-testid="intake-expires" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="isShortLife" valuePropName="checked" style={{ paddingTop: 30 }}>
              <Checkbox>{t('intake.isShortLife')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>

        <div className="goods-form-section">{t('intake.sectionValue')}</div>
        <Form.Item name="valuationKind" label={t('intake.valuationKind')} extra={t('valuationOrder')} required>
          <Radio.Group
            optionType="button"
            options={[...valuationKindValues, 'none' as const].map((k) => ({
              value: k,
              label: t(`valuation.${k}`),
            }))}
            data-testid="intake-valuation"
          />
        </Form.Item>
        {valuationKind !== 'none' && (
          <Row gutter={16}>
            <Col span={6}>
              <Form.Item
                name="unitValueFen"
                label={t('intake.unitValue')}
                dependencies={['valueFen']}
                rules={[
                  yuanRule,
                  ({ getFieldValue }) => ({
                    validator: (_, value?: string) =>
                      value?.trim() || String(getFieldValue('valueFen') ?? '').trim()
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('intake.valueRequired'))),
                  }),
                ]}
              >
                <Input prefix="¥" inputMode="decimal" data-testid="intake-unit-value" />
              </Form.Item>
            </Col>
            <Col span={6}>
              <Form.Item
                name="valueFen"
                label={t('intake.totalValue')}
                rules={[yuanRule]}
                extra={t('intake.valueHint')}
              >
                <Input prefix="¥" inputMode="decimal" data-testid="intake-total-value" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="valuationFileId"
                label={t('intake.valuationFile')}
                rules={[{ required: true, message: t('intake.valuationFileRequired') }]}
              >
                <EvidenceUpload hint={t(`valuation.${valuationKind}`)} data-testid="intake-valuation-file" />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="letterFileId" label={t('intake.letterFile')}>
              <EvidenceUpload />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="note" label={t('intake.note')} rules={[{ max: 500 }]}>
              <Input.TextArea rows={3} maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="intake-error" />}
    </Modal>
  );
}
