// Create a staff account together with its first grant (role on a unit).
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { UserView } from '../../../../../server/src/platform/rbac/rbac.schemas';
import { isApiError } from '../../../app/api-client';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { useCreateUser } from '../api';
import { GrantFields } from './grant-fields';

type Values = { username: string; displayName: string; password: string; roleId: string; orgId: number };
type Props = { onClose: () => void; onDone: (user: UserView) => void; defaultOrgId: number | null };

export function UserCreateModal({ open, ...props }: Props & { open: boolean }) {
  return open ? <UserCreateDialog {...props} /> : null;
}

function UserCreateDialog({ onClose, onDone, defaultOrgId }: Props) {
  const { t } = useTranslation(['users', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateUser();

  const onOk = async () => {
    const v = await validValues(form);
    if (!v) {
      return;
    }
    try {
      const user = await create.mutateAsync({
        username: v.username.trim(),
        displayName: v.displayName.trim(),
        password: v.password,
        grants: [{ roleId: v.roleId, orgId: v.orgId }],
      });
      message.success(t('created', { username: user.username }));
      onDone(user);
    } catch (e) {
      if (
        !showErrorOnFields(form, e, {
          USERNAME_TAKEN: 'username',
          WEAK_PASSWORD: 'password',
          OUT_OF_SCOPE: 'orgId',
          FORBIDDEN: 'roleId',
        })
      ) {
        message.error(isApiError(e) ? e.message : String(e));
      }
    }
  };
  const required = { required: true, message: t('common:form.required') };

  return (
    <Modal
      open
      title={t('createTitle')}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={create.isPending}
      okText={t('common:actions.save')}
      cancelText={t('common:actions.cancel')}
      width={640}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ orgId: defaultOrgId ?? undefined }}>
        <Form.Item
          name="username"
          label={t('fields.username')}
          extra={t('hints.username')}
          rules={[required, { pattern: /^[A-Za-z0-9_.-]{3,40}$/, message: t('hints.username') }]}
        >
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
        <Form.Item name="displayName" label={t('fields.displayName')} rules={[required, { max: 50 }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="password" label={t('fields.password')} extra={t('hints.password')} rules={[required]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <div style={{ fontWeight: 500, margin: '4px 0 8px' }}>{t('firstGrant')}</div>
        <GrantFields />
      </Form>
    </Modal>
  );
}
