// Move a unit (with its subtree) under a new parent chosen in a unit picker; invalid parents are greyed out.
import { Alert, App, Form, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import type { OrgView } from '../../../../../server/src/modules/orgs/orgs.schemas';
import { isApiError } from '../../../app/api-client';
import { OrgPicker } from '../../../components/org-picker';
import { showErrorOnFields } from '../../../components/server-errors';
import { validValues } from '../../../components/valid-values';
import { useMoveOrg } from '../api';
import { canMoveUnder } from '../placement';

type Props = { onClose: () => void; onDone: (org: OrgView, oldParentId: number | null) => void };

export function OrgMoveModal({ org, ...props }: Props & { org: OrgView | null }) {
  return org ? <OrgMoveDialog org={org} {...props} /> : null;
}

function OrgMoveDialog({ org, onClose, onDone }: Props & { org: OrgView }) {
  const { t } = useTranslation(['orgs', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<{ parentId: number }>();
  const move = useMoveOrg();

  const onOk = async () => {
    const values = await validValues(form);
    if (!values) {
      return;
    }
    const { parentId } = values;
    try {
      const moved = await move.mutateAsync({ id: org.id, parentId });
      message.success(t('move.done'));
      onDone(moved, org.parentId);
    } catch (e) {
      if (
        !showErrorOnFields(form, e, {
          ORG_PARENT_TYPE: 'parentId',
          ORG_CYCLE: 'parentId',
          ORG_INACTIVE_PARENT: 'parentId',
        })
      ) {
        message.error(isApiError(e) ? e.message : String(e));
      }
    }
  };

  return (
    <Modal
      open
      title={t('move.title', { name: org.name })}
      onOk={onOk}
      onCancel={onClose}
      confirmLoading={move.isPending}
      okText={t('actions.move')}
      cancelText={t('common:actions.cancel')}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('move.hint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical">
        <Form.Item
          name="parentId"
          label={t('move.newParent')}
          rules={[{ required: true, message: t('common:form.choose') }]}
        >
          <OrgPicker isDisabled={(candidate) => !canMoveUnder(org, candidate)} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
