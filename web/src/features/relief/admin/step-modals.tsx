// The dialogs of a case's steps: verification (home-visit record with photos and the exclusions checklist), county
// review (recommended amount), approval (band, who verified and reviewed, override note), return and reject with a
// reason, payout request from a chosen fund (with its balance), follow-up visit, close, and resolving an objection.
import { Alert, App, Checkbox, Descriptions, Form, Input, Modal, Radio, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  ApprovalLevel,
  ObjectionView,
  ReliefCaseView,
  ReliefKindView,
} from '../../../../../server/src/modules/relief/relief.schemas';
import { isApiError } from '../../../app/api-client';
import { useScope } from '../../../app/session';
import { validValues } from '../../../components/valid-values';
import { chinaToday } from '../../../lib/china-time';
import { fenToYuanText, formatFen, parseYuan } from '../../../lib/money';
import {
  type StepAction,
  type StepBodies,
  uploadStaffFile,
  useCaseStep,
  useFunds,
  useMutualAidPayoutFunds,
  useResolveObjection,
} from '../api';
import { FileUploads, type UploadedFile } from '../components/file-uploads';
import { maxReliefFen } from '../money';

type Props = {
  action: StepAction;
  view: ReliefCaseView;
  kind: ReliefKindView | undefined;
  onClose: () => void;
};

const stepPath: Record<StepAction, keyof StepBodies> = {
  verify: 'verification',
  review: 'review',
  approve: 'approval',
  return: 'return',
  reject: 'rejection',
  request_payout: 'payout',
  follow_up: 'follow-up',
  close: 'closure',
};

/** The band's level for an amount under the kind's rules (the server decides; this only labels the form). */
function levelFor(kind: ReliefKindView | undefined, fen: number | null): ApprovalLevel | undefined {
  if (!kind || fen === null) {
    return undefined;
  }
  return kind.bands.find((b) => b.maxFen === null || fen <= b.maxFen)?.level;
}

type Values = {
  visitedOn?: string;
  visitors?: string;
  findings?: string;
  exclusions?: string[];
  amount?: string;
  note?: string;
  overrideNote?: string;
  reason?: string;
  fundSource?: 'donations' | 'mutualaid';
  fundId?: number;
};

export function StepModal({ action, view, kind, onClose }: Props) {
  const { t } = useTranslation(['relief', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [photos, setPhotos] = useState<UploadedFile[]>([]);
  const [error, setError] = useState<string | null>(null);
  const step = useCaseStep<StepBodies[keyof StepBodies]>(stepPath[action]);
  const { unitId } = useScope();
  const fundSource = Form.useWatch('fundSource', form) ?? 'donations';
  const donationFunds = useFunds(unitId ?? view.orgId, action === 'request_payout' && fundSource === 'donations');
  const villageFunds = useMutualAidPayoutFunds(
    unitId ?? view.orgId,
    action === 'request_payout' && fundSource === 'mutualaid',
  );
  // One list for the form: a donations fund (募捐基金) or the village's mutual-aid fund (互助金), with its balance.
  const funds =
    fundSource === 'donations'
      ? {
          isLoading: donationFunds.isLoading,
          data: donationFunds.data?.map((f) => ({
            id: f.id,
            name: f.name,
            orgName: f.orgName,
            balanceFen: f.balanceFen,
          })),
        }
      : {
          isLoading: villageFunds.isLoading,
          data: villageFunds.data?.map((f) => ({
            id: f.id,
            name: f.name,
            orgName: f.orgName,
            balanceFen: f.totals.balanceFen,
          })),
        };
  const fundId = Form.useWatch('fundId', form);
  const fund = funds.data?.find((f) => f.id === fundId);
  const payFen = view.approvedFen ?? 0;
  const typedAmount = parseYuan(Form.useWatch('amount', form), maxReliefFen);
  const exclusions = kind?.exclusions ?? [];
  const isVisit = action === 'verify' || action === 'follow_up';
  const hasBlocking = view.warnings.some((w) => w.isBlocking);

  const bodyOf = (v: Values): StepBodies[keyof StepBodies] | null => {
    const note = v.note?.trim() || undefined;
    const visit = () => ({
      visitedOn: v.visitedOn!,
      visitors: v.visitors!.trim(),
      findings: v.findings!.trim(),
      photoFileIds: photos.map((p) => p.fileId),
    });
    const amount = parseYuan(v.amount, maxReliefFen);
    switch (action) {
      case 'verify':
        return { visit: visit(), exclusionsConfirmed: v.exclusions ?? [], note };
      case 'follow_up':
        return { visit: visit(), note };
      case 'review':
        return amount.ok ? { recommendedFen: amount.fen, note } : null;
      case 'approve':
        return amount.ok ? { approvedFen: amount.fen, note, overrideNote: v.overrideNote?.trim() || undefined } : null;
      case 'return':
      case 'reject':
        return { reason: v.reason!.trim() };
      case 'request_payout':
        return { fundSource: v.fundSource ?? 'donations', fundId: v.fundId! };
      case 'close':
        return { note };
    }
  };

  const onOk = async () => {
    setError(null);
    const v = await validValues(form);
    if (!v) {
      return;
    }
    const body = bodyOf(v);
    if (!body) {
      return;
    }
    try {
      await step.mutateAsync({ id: view.id, body });
      message.success(t('forms.done'));
      onClose();
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  };

  const amountRule = {
    validator: (_: unknown, text: string | undefined) => {
      const parsed = parseYuan(text, maxReliefFen);
      return parsed.ok ? Promise.resolve() : Promise.reject(new Error(t(`money.${parsed.reason}`)));
    },
  };
  const required = { required: true, whitespace: true, message: t('common.required') };
  const level = levelFor(kind, typedAmount.ok ? typedAmount.fen : null);

  return (
    <Modal
      open
      title={`${t(`actions.${action}`)} · ${view.caseNo}`}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={step.isPending}
      okText={t('common:actions.submit')}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{
        danger: action === 'reject',
        disabled: action === 'request_payout' && fund !== undefined && fund.balanceFen < payFen,
        'data-testid': 'step-submit',
      }}
      width={isVisit ? 680 : 560}
      destroyOnHidden
    >
      <Form<Values>
        form={form}
        layout="vertical"
        data-testid={`step-form-${action}`}
        initialValues={{
          visitedOn: chinaToday(),
          amount:
            action === 'review'
              ? fenToYuanText(view.requestedFen)
              : action === 'approve'
                ? fenToYuanText(view.recommendedFen ?? view.requestedFen)
                : undefined,
        }}
      >
        {isVisit && (
          <>
            <Form.Item name="visitedOn" label={t('forms.visitedOn')} rules={[required]}>
              <Input type="date" max={chinaToday()} data-testid="visit-date" />
            </Form.Item>
            <Form.Item name="visitors" label={t('forms.visitors')} rules={[required]}>
              <Input maxLength={100} placeholder={t('forms.visitorsPlaceholder')} data-testid="visit-visitors" />
            </Form.Item>
            <Form.Item
              name="findings"
              label={t('forms.findings')}
              rules={[required, { min: 4, message: t('apply.causeTooShort') }]}
            >
              <Input.TextArea
                maxLength={2000}
                autoSize={{ minRows: 3, maxRows: 8 }}
                placeholder={t('forms.findingsPlaceholder')}
                data-testid="visit-findings"
              />
            </Form.Item>
            <Form.Item label={t('forms.photos')}>
              <FileUploads
                value={photos}
                onChange={setPhotos}
                upload={uploadStaffFile}
                label={t('forms.addPhoto')}
                testId="visit-photos"
                max={20}
              />
            </Form.Item>
          </>
        )}
        {action === 'verify' && exclusions.length > 0 && (
          <Form.Item
            name="exclusions"
            label={t('forms.exclusions')}
            rules={[
              {
                validator: (_, v: string[] | undefined) =>
                  (v ?? []).length === exclusions.length
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('forms.exclusionsAll'))),
              },
            ]}
          >
            <Checkbox.Group style={{ display: 'flex', flexDirection: 'column', gap: 6 }} data-testid="visit-exclusions">
              {exclusions.map((x) => (
                <Checkbox key={x} value={x}>
                  {x}
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Form.Item>
        )}
        {action === 'approve' && (
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('detail.requested')}>{formatFen(view.requestedFen)}</Descriptions.Item>
            <Descriptions.Item label={t('detail.recommended')}>{formatFen(view.recommendedFen)}</Descriptions.Item>
            <Descriptions.Item label={t('detail.requiredLevel')}>{t(`levels.${view.requiredLevel}`)}</Descriptions.Item>
            <Descriptions.Item label={t('actions.verify')}>
              {view.verifiedByName ?? t('detail.nobody')}
            </Descriptions.Item>
            <Descriptions.Item label={t('actions.review')}>
              {view.reviewedByName ?? t('detail.nobody')}
            </Descriptions.Item>
          </Descriptions>
        )}
        {(action === 'review' || action === 'approve') && (
          <Form.Item
            name="amount"
            label={action === 'review' ? t('forms.recommended') : t('forms.approvedAmount')}
            rules={[amountRule]}
            extra={level ? t('forms.band', { level: t(`levels.${level}`) }) : undefined}
          >
            <Input prefix="¥" inputMode="decimal" data-testid="step-amount" />
          </Form.Item>
        )}
        {action === 'approve' && hasBlocking && (
          <>
            <Alert
              type="warning"
              showIcon
              title={view.warnings
                .filter((w) => w.isBlocking)
                .map((w) => w.message)
                .join(';')}
              style={{ marginBottom: 12 }}
            />
            <Form.Item name="overrideNote" label={t('forms.overrideNote')}>
              <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} />
            </Form.Item>
          </>
        )}
        {(action === 'return' || action === 'reject') && (
          <Form.Item
            name="reason"
            label={t('forms.reason')}
            rules={[required, { min: 2, message: t('forms.reasonPlaceholder') }]}
          >
            <Input.TextArea
              maxLength={500}
              autoSize={{ minRows: 3 }}
              placeholder={t('forms.reasonPlaceholder')}
              data-testid="step-reason"
            />
          </Form.Item>
        )}
        {action === 'request_payout' && (
          <>
            <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
              <Descriptions.Item label={t('forms.payoutAmount')}>
                <span className="relief-amount">{formatFen(payFen)}</span>
              </Descriptions.Item>
            </Descriptions>
            <Form.Item name="fundSource" label={t('forms.fundSource')} initialValue="donations">
              <Radio.Group
                optionType="button"
                onChange={() => form.setFieldValue('fundId', undefined)}
                options={[
                  { value: 'donations', label: t('forms.fundSourceDonations') },
                  { value: 'mutualaid', label: t('forms.fundSourceMutualaid') },
                ]}
                data-testid="payout-fund-source"
              />
            </Form.Item>
            <Form.Item
              name="fundId"
              label={t('forms.fund')}
              rules={[{ required: true, message: t('common:form.choose') }]}
              extra={
                fund
                  ? fund.balanceFen < payFen
                    ? t('forms.fundShort', { need: formatFen(payFen), balance: formatFen(fund.balanceFen) })
                    : t('forms.fundBalance', { balance: formatFen(fund.balanceFen) })
                  : undefined
              }
              validateStatus={fund && fund.balanceFen < payFen ? 'error' : undefined}
            >
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={funds.isLoading}
                options={(funds.data ?? []).map((f) => ({
                  value: f.id,
                  label: `${f.name} · ${f.orgName} · ${formatFen(f.balanceFen)}`,
                }))}
                data-testid="payout-fund"
              />
            </Form.Item>
            <Typography.Paragraph type="secondary">{t('forms.payoutHint')}</Typography.Paragraph>
          </>
        )}
        {(action === 'verify' ||
          action === 'review' ||
          action === 'approve' ||
          action === 'follow_up' ||
          action === 'close') && (
          <Form.Item name="note" label={t('forms.note')}>
            <Input.TextArea maxLength={500} autoSize={{ minRows: 2 }} data-testid="step-note" />
          </Form.Item>
        )}
      </Form>
      {error && <Alert type="error" showIcon title={error} data-testid="step-error" />}
    </Modal>
  );
}

export function ResolveObjectionModal({ objection, onClose }: { objection: ObjectionView; onClose: () => void }) {
  const { t } = useTranslation(['relief', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ outcome: 'upheld' | 'dismissed'; caseAction?: 'return' | 'reject'; reason: string }>();
  const resolve = useResolveObjection();
  const outcome = Form.useWatch('outcome', form);
  const [error, setError] = useState<string | null>(null);

  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      await resolve.mutateAsync({
        id: objection.id,
        outcome: v.outcome,
        caseAction: v.outcome === 'upheld' ? v.caseAction : undefined,
        reason: v.reason.trim(),
      });
      message.success(t('forms.done'));
      onClose();
    } catch (e) {
      setError(isApiError(e) ? e.message : String(e));
    }
  };

  return (
    <Modal
      open
      title={`${t('detail.resolve')} · ${objection.objectionNo}`}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={resolve.isPending}
      okText={t('common:actions.submit')}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ 'data-testid': 'objection-resolve-submit' }}
      destroyOnHidden
    >
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{objection.text}</Typography.Paragraph>
      <Form form={form} layout="vertical" initialValues={{ outcome: 'dismissed' }}>
        <Form.Item name="outcome" label={t('forms.outcome')}>
          <Radio.Group
            options={[
              { value: 'dismissed', label: t('forms.dismissed') },
              { value: 'upheld', label: t('forms.upheld') },
            ]}
          />
        </Form.Item>
        {outcome === 'upheld' && (
          <Form.Item
            name="caseAction"
            label={t('forms.caseAction')}
            rules={[{ required: true, message: t('common:form.choose') }]}
          >
            <Radio.Group
              options={[
                { value: 'return', label: t('forms.caseActions.return') },
                { value: 'reject', label: t('forms.caseActions.reject') },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t('forms.reason')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('forms.reasonPlaceholder') }]}
        >
          <Input.TextArea maxLength={500} autoSize={{ minRows: 3 }} data-testid="objection-reason" />
        </Form.Item>
      </Form>
      {error && <Alert type="error" showIcon title={error} />}
    </Modal>
  );
}
