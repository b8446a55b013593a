// The console's pages: path, the permission that opens it, menu icon and label. The menu and the router both read this.
import {
  ApartmentOutlined,
  AuditOutlined,
  MailOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { lazy, type ReactNode } from 'react';
import type { Permission } from './session';

// Each page is its own chunk: the public pages never download the console.
const OrgsPage = lazy(() => import('../features/orgs/admin/orgs-page').then((m) => ({ default: m.OrgsPage })));
const PeoplePage = lazy(() => import('../features/people/admin/people-page').then((m) => ({ default: m.PeoplePage })));
const UsersPage = lazy(() => import('../features/users/admin/users-page').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('../features/audit/admin/audit-page').then((m) => ({ default: m.AuditPage })));
const OutboxPage = lazy(() => import('../features/outbox/admin/outbox-page').then((m) => ({ default: m.OutboxPage })));

export type ConsolePage = {
  path: string;
  permission: Permission;
  icon: ReactNode;
  label: 'nav.orgs' | 'nav.people' | 'nav.users' | 'nav.audit' | 'nav.outbox';
  element: ReactNode;
};

export const consolePages: ConsolePage[] = [
  { path: 'orgs', permission: 'orgs:view', icon: <ApartmentOutlined />, label: 'nav.orgs', element: <OrgsPage /> },
  { path: 'people', permission: 'people:view', icon: <TeamOutlined />, label: 'nav.people', element: <PeoplePage /> },
  {
    path: 'users',
    permission: 'users:view',
    icon: <SafetyCertificateOutlined />,
    label: 'nav.users',
    element: <UsersPage />,
  },
  { path: 'audit', permission: 'audit:view', icon: <AuditOutlined />, label: 'nav.audit', element: <AuditPage /> },
  { path: 'outbox', permission: 'outbox:view', icon: <MailOutlined />, label: 'nav.outbox', element: <OutboxPage /> },
];
