// The 信息公开 menu icon with a badge counting the scope unit's overdue disclosures (antd's menu passes its icon class).
import { NotificationOutlined } from '@ant-design/icons';
import { Badge } from 'antd';
import type { CSSProperties } from 'react';
import { useScope } from '../../../app/session';
import { useOverdueDisclosureCount } from '../api';

export function DisclosuresMenuIcon({ className, style }: { className?: string; style?: CSSProperties }) {
  const { unitId } = useScope();
  const overdue = useOverdueDisclosureCount(unitId, true);
  return (
    <span className={className} style={style}>
      <Badge count={overdue.data ?? 0} size="small" offset={[2, -2]} data-testid="disclosures-overdue-badge">
        <NotificationOutlined />
      </Badge>
    </span>
  );
}
