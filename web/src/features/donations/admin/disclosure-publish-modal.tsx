// Publishing a written disclosure, or a correction notice for a published one. Either text is final once published
// (its SHA-256 goes into the public ledger), so the dialog says so and asks the user to confirm they checked it.
import { Alert, App, Checkbox, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DisclosureView } from '../../../../../server/src/modules/donations/donations.schemas';
import { isApiError } from '../../../app/api-client';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { chinaDay } from '../../../lib/china-time';
import { useCorrectDisclosure, usePublishDisclosure } from '../api';

type Values = { title?: string; body?: string; reason?: string; confirmed?: boolean };

export type PublishTarget = { mode: 'publish' | 'correct'; disclosure: DisclosureView };

type Props = { target: PublishTarget | null; onClose: () => void; onDone: (published: DisclosureView) => void };

export function DisclosurePublishModal({ target, ...props }: Props) {
  return target ? <PublishDialog target={target} {...props} /> : null;
}

function PublishDialog({ target: { mode, disclosure: d }, onClose, onDone }: Props & { target: PublishTarget }) {
  const { t } = useTranslation(['donations', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const publish = usePublishDisclosure();
  const correct = useCorrectDisclosure();
  const isCorrection = mode === 'correct';
  const initialTitle = !isCorrection
    ? t('disclosures.defaultTitle', { project: d.projectName, kind: t(`disclosures.kinds.${d.kind}`) })
    : d.kind === 'correction'
      ? (d.title ?? d.subject)
      : t('disclosures.correctOf', { title: d.title ?? d.subject });
  // A correction starts from the text it corrects (without the reason line the server added to an earlier correction).
  const initialBody = isCorrection ? (d.body ?? '').replace(/\n\n更正原因:[^\n]*$/, '') : undefined;

  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    const input = { title: v.title!.trim(), body: v.body!.trim() };
    try {
      const published = isCorrection
        ? await correct.mutateAsync({ id: d.id, input: { ...input, reason: v.reason!.trim() } })
        : await publish.mutateAsync({ id: d.id, input });
      message.success(
        t(isCorrection ? 'disclosures.corrected' : 'disclosures.published', { index: published.ledgerIndex }),
      );
      onDone(published);
    } catch (e) {
      if (!showErrorOnFields(form, e)) {
        message.error(isApiError(e) ? e.message : String(e));
      }
    }
  };

  const required = { required: true, whitespace: true, message: t('common:form.required') };
  return (
    <Modal
      open
      title={
        isCorrection
          ? t('disclosures.correctTitle')
          : t('disclosures.publishTitle', { kind: t(`disclosures.kinds.${d.kind}`) })
      }
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={publish.isPending || correct.isPending}
      okText={isCorrection ? t('disclosures.correct') : t('disclosures.publish')}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ danger: true, 'data-testid': 'disclosure-submit' }}
      width={720}
      destroyOnHidden
    >
      <p className="disclosure-subject" data-testid="disclosure-subject">
        <strong>{d.projectName}</strong>
        <span className="muted">
          {' · '}
          {isCorrection ? (d.title ?? d.subject) : d.subject}
          {!isCorrection && ` · ${t('disclosures.dueOn', { date: chinaDay(d.dueAt) })}`}
        </span>
      </p>
      <Alert
        type="warning"
        showIcon
        title={isCorrection ? t('disclosures.correctWarning') : t('disclosures.publishWarning')}
        style={{ marginBottom: 16 }}
        data-testid="disclosure-warning"
      />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ title: initialTitle.slice(0, 100), body: initialBody }}
        data-testid="disclosure-form"
      >
        <Form.Item name="title" label={t('disclosures.titleLabel')} rules={[required, { min: 2, max: 100 }]}>
          <Input maxLength={100} showCount data-testid="disclosure-title" />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('disclosures.body')}
          extra={t('disclosures.bodyHint')}
          rules={[required, { min: 10, max: 20_000 }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 6, maxRows: 14 }}
            maxLength={20_000}
            showCount
            placeholder={t('disclosures.bodyPlaceholder')}
            data-testid="disclosure-body"
          />
        </Form.Item>
        {isCorrection && (
          <Form.Item name="reason" label={t('disclosures.reason')} rules={[required, { min: 2, max: 200 }]}>
            <Input maxLength={200} placeholder={t('disclosures.reasonPlaceholder')} data-testid="disclosure-reason" />
          </Form.Item>
        )}
        <Form.Item
          name="confirmed"
          valuePropName="checked"
          style={{ marginBottom: 0 }}
          rules={[
            {
              validator: (_, v) =>
                v ? Promise.resolve() : Promise.reject(new Error(t('disclosures.confirmRequired'))),
            },
          ]}
        >
          <Checkbox data-testid="disclosure-confirm">{t('disclosures.confirm')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
