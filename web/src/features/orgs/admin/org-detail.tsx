// The selected unit: breadcrumb, details and the actions the user may take on it.
import {
  ApartmentOutlined,
  DragOutlined,
  EditOutlined,
  PlusOutlined,
  PoweroffOutlined,
  ReloadOutlined,
} from '@ant-design/icons';
import { Breadcrumb, Button, Card, Descriptions, Empty, Result, Space, Spin, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  allowedParents,
  type OrgView,
  orgTypeLabels,
  orgTypes,
} from '../../../../../server/src/modules/orgs/orgs.schemas';
import { pickLabel } from '../../../app/i18n';
import { formatDateTime } from '../../../lib/china-time';
import { useOrg, useOrgAncestors } from '../api';

type Props = {
  id: number | null;
  canManage: boolean;
  onSelect: (id: number) => void;
  onCreateChild: (org: OrgView) => void;
  onEdit: (org: OrgView) => void;
  onMove: (org: OrgView) => void;
  onToggleActive: (org: OrgView) => void;
};

/** True when some unit type may sit under this one (nothing sits under a school or a Boai Home). */
const acceptsChildren = (org: OrgView) => orgTypes.some((ty) => allowedParents[ty].includes(org.type));

export function OrgDetail({ id, canManage, onSelect, onCreateChild, onEdit, onMove, onToggleActive }: Props) {
  const { t, i18n } = useTranslation(['orgs', 'common']);
  const org = useOrg(id);
  const ancestors = useOrgAncestors(id);

  if (id === null) {
    return (
      <Card>
        <Empty description={t('noSelection')} />
      </Card>
    );
  }
  if (org.isLoading) {
    return (
      <Card>
        <Spin style={{ display: 'block', margin: '32px auto' }} />
      </Card>
    );
  }
  if (org.error || !org.data) {
    return (
      <Card>
        <Result status="warning" title={t('common:errors.loadFailed')} subTitle={org.error?.message} />
      </Card>
    );
  }
  const o = org.data;
  const actions = canManage && (
    <Space wrap>
      {o.isActive && acceptsChildren(o) && (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => onCreateChild(o)} data-testid="org-create-child">
          {t('actions.createChild')}
        </Button>
      )}
      <Button icon={<EditOutlined />} onClick={() => onEdit(o)} data-testid="org-edit">
        {t('actions.edit')}
      </Button>
      {o.parentId !== null && (
        <Button icon={<DragOutlined />} onClick={() => onMove(o)} data-testid="org-move">
          {t('actions.move')}
        </Button>
      )}
      {o.parentId !== null && (
        <Button
          danger={o.isActive}
          icon={o.isActive ? <PoweroffOutlined /> : <ReloadOutlined />}
          onClick={() => onToggleActive(o)}
          data-testid="org-toggle-active"
        >
          {o.isActive ? t('actions.deactivate') : t('actions.activate')}
        </Button>
      )}
    </Space>
  );

  return (
    <Card
      title={
        <Space wrap size={8}>
          <ApartmentOutlined />
          <span data-testid="org-detail-name">{o.name}</span>
          {o.isActive ? <Tag color="green">{t('common:status.active')}</Tag> : <Tag>{t('common:status.inactive')}</Tag>}
        </Space>
      }
    >
      {ancestors.data && (
        <Breadcrumb
          style={{ marginBottom: 16 }}
          items={ancestors.data.map((a, i) => ({
            key: a.id,
            title:
              i === ancestors.data.length - 1 ? (
                a.name
              ) : (
                <a
                  href={`#org-${a.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    onSelect(a.id);
                  }}
                >
                  {a.name}
                </a>
              ),
          }))}
        />
      )}
      <Descriptions column={{ xs: 1, sm: 1, md: 2 }} size="small" bordered>
        <Descriptions.Item label={t('fields.name')}>{o.name}</Descriptions.Item>
        <Descriptions.Item label={t('fields.type')}>
          {pickLabel(orgTypeLabels[o.type], i18n.language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('fields.code')}>{o.code ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('fields.childCount')}>{o.childCount}</Descriptions.Item>
        <Descriptions.Item label={t('fields.contactName')}>{o.contactName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('fields.contactPhone')}>{o.contactPhone ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('fields.address')} span={2}>
          {o.address ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('fields.coordinates')}>
          {o.lat !== null && o.lng !== null ? `${o.lat}, ${o.lng}` : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('fields.updatedAt')}>
          {formatDateTime(o.updatedAt, i18n.language)}
        </Descriptions.Item>
      </Descriptions>
      {actions && <div style={{ marginTop: 16 }}>{actions}</div>}
    </Card>
  );
}
