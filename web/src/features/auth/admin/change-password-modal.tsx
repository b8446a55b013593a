// Changing one's own password (the server ends the other sessions of the account).
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/api-client';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { useChangePassword } from '../api';

type Values = { currentPassword: string; newPassword: string; confirm: string };

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const change = useChangePassword();

  const onOk = async () => {
    const values = await validValues(form);
    if (!values) {
      return;
    }
    try {
      await change.mutateAsync({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      message.success(t('user.passwordChanged'));
      form.resetFields();
      onClose();
    } catch (e) {
      if (!showErrorOnFields(form, e, { WRONG_PASSWORD: 'currentPassword', WEAK_PASSWORD: 'newPassword' })) {
        message.error(isApiError(e) ? e.message : String(e));
      }
    }
  };

  return (
    <Modal
      title={t('user.changePassword')}
      open={open}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={change.isPending}
      okText={t('actions.save')}
      cancelText={t('actions.cancel')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="currentPassword"
          label={t('user.currentPassword')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('user.newPassword')}
          extra={t('user.passwordHint')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('user.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('form.required') },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('user.passwordMismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
