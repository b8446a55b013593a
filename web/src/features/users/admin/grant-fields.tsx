// Role + unit fields shared by "new account" and "add grant".
import { Col, Form, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { OrgPicker } from '../../../components/org-picker';
import { useRoles } from '../api';

export function GrantFields() {
  const { t, i18n } = useTranslation(['users', 'common']);
  const roles = useRoles();
  const choose = { required: true, message: t('common:form.choose') };
  return (
    <Row gutter={12}>
      <Col xs={24} sm={10}>
        <Form.Item name="roleId" label={t('fields.role')} rules={[choose]}>
          <Select
            loading={roles.isLoading}
            options={(roles.data ?? []).map((r) => ({
              value: r.id,
              label: i18n.language === 'en' ? r.nameEn : r.nameZh,
            }))}
            data-testid="grant-role"
          />
        </Form.Item>
      </Col>
      <Col xs={24} sm={14}>
        <Form.Item name="orgId" label={t('fields.unit')} rules={[choose]} extra={t('hints.grant')}>
          <OrgPicker />
        </Form.Item>
      </Col>
    </Row>
  );
}
