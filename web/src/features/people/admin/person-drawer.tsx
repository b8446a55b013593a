// One person's details; the full ID number and phone only after an audited, reasoned unmask (pii:view).
import { EditOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Drawer, Form, Grid, Input, Modal, Space, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PersonView } from '../../../../../server/src/modules/people/people.schemas';
import { isApiError } from '../../../app/api-client';
import { useCan } from '../../../app/session';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { formatDateTime } from '../../../lib/china-time';
import { type UnmaskedPerson, usePerson, useUnmaskPerson } from '../api';

type Props = { personId: string | null; onClose: () => void; onEdit: (person: PersonView) => void };

function UnmaskDialog({
  person,
  onClose,
  onShown,
}: {
  person: PersonView;
  onClose: () => void;
  onShown: (u: UnmaskedPerson) => void;
}) {
  const { t } = useTranslation(['people', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const unmask = useUnmaskPerson();
  const onOk = async () => {
    const values = await validValues(form);
    if (!values) {
      return;
    }
    const { reason } = values;
    try {
      onShown(await unmask.mutateAsync({ id: person.id, reason: reason.trim() }));
    } catch (e) {
      if (!showErrorOnFields(form, e)) {
        message.error(isApiError(e) ? e.message : String(e));
      }
    }
  };
  return (
    <Modal
      open
      title={t('unmask.title')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={unmask.isPending}
      okText={t('unmask.submit')}
      cancelText={t('common:actions.cancel')}
      destroyOnHidden
    >
      <Alert type="warning" showIcon title={t('unmask.notice')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('unmask.reason')}
          rules={[{ required: true, whitespace: true, min: 2, max: 200, message: t('unmask.reasonTooShort') }]}
        >
          <Input.TextArea
            rows={2}
            maxLength={200}
            placeholder={t('unmask.reasonPlaceholder')}
            data-testid="unmask-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function PersonDrawer({ personId, onClose, onEdit }: Props) {
  const { t, i18n } = useTranslation(['people', 'common']);
  const can = useCan();
  const screens = Grid.useBreakpoint();
  const person = usePerson(personId);
  const [asking, setAsking] = useState(false);
  const [unmasked, setUnmasked] = useState<UnmaskedPerson | null>(null);
  const p = person.data;
  const shown = unmasked && unmasked.id === p?.id ? unmasked : null;

  return (
    <Drawer
      open={personId !== null}
      onClose={() => {
        setUnmasked(null);
        onClose();
      }}
      title={p?.name ?? t('detail.title')}
      size={screens.md ? 520 : '100%'}
      extra={
        p && (
          <Space>
            {can('people:manage') && (
              <Button icon={<EditOutlined />} onClick={() => onEdit(p)} data-testid="person-edit">
                {t('common:actions.edit')}
              </Button>
            )}
          </Space>
        )
      }
    >
      {person.isLoading && <Spin style={{ display: 'block', margin: '32px auto' }} />}
      {person.error && <Alert type="error" showIcon title={person.error.message} />}
      {p && (
        <>
          <Descriptions column={1} size="small" bordered data-testid="person-detail">
            <Descriptions.Item label={t('fields.name')}>{p.name}</Descriptions.Item>
            <Descriptions.Item label={t('fields.idType')}>{t(`idTypes.${p.idType}`)}</Descriptions.Item>
            <Descriptions.Item label={t('fields.idNumber')}>{p.idNumberMasked ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('fields.phone')}>{p.phoneMasked ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('fields.gender')}>
              {p.gender ? t(`genders.${p.gender}`) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.birthYear')}>{p.birthYear ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('fields.unit')}>{p.orgName}</Descriptions.Item>
            <Descriptions.Item label={t('fields.address')}>{p.address ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('fields.createdAt')}>
              {formatDateTime(p.createdAt, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('fields.updatedAt')}>
              {formatDateTime(p.updatedAt, i18n.language)}
            </Descriptions.Item>
          </Descriptions>
          {can('pii:view') && !shown && (
            <Button
              icon={<EyeOutlined />}
              style={{ marginTop: 16 }}
              onClick={() => setAsking(true)}
              data-testid="person-unmask"
            >
              {t('unmask.button')}
            </Button>
          )}
          {shown && (
            <Alert
              type="warning"
              style={{ marginTop: 16 }}
              title={t('unmask.shown')}
              description={
                <Descriptions column={1} size="small" data-testid="person-unmasked">
                  <Descriptions.Item label={t('fields.idNumber')}>
                    <span data-testid="unmasked-id-number">{shown.idNumber ?? '—'}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('fields.phone')}>{shown.phone ?? '—'}</Descriptions.Item>
                  <Descriptions.Item label={t('fields.birthDate')}>{shown.birthDate ?? '—'}</Descriptions.Item>
                </Descriptions>
              }
            />
          )}
          {asking && (
            <UnmaskDialog
              person={p}
              onClose={() => setAsking(false)}
              onShown={(u) => {
                setAsking(false);
                setUnmasked(u);
              }}
            />
          )}
        </>
      )}
    </Drawer>
  );
}
