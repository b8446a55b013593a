// The console's pages: path, the permission that opens it, menu icon and label. The menu and the router both read this.
import {
  AccountBookOutlined,
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  FileSearchOutlined,
  GiftOutlined,
  MailOutlined,
  ProjectOutlined,
  RollbackOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { lazy, type ReactNode } from 'react';
import { DisclosuresMenuIcon } from '../features/donations/admin/disclosures-menu-icon';
import type { Permission } from './session';

// Each page is its own chunk: the public pages never download the console.
const OrgsPage = lazy(() => import('../features/orgs/admin/orgs-page').then((m) => ({ default: m.OrgsPage })));
const PeoplePage = lazy(() => import('../features/people/admin/people-page').then((m) => ({ default: m.PeoplePage })));
const UsersPage = lazy(() => import('../features/users/admin/users-page').then((m) => ({ default: m.UsersPage })));
const AuditPage = lazy(() => import('../features/audit/admin/audit-page').then((m) => ({ default: m.AuditPage })));
const OutboxPage = lazy(() => import('../features/outbox/admin/outbox-page').then((m) => ({ default: m.OutboxPage })));
const ProjectsPage = lazy(() =>
  import('../features/donations/admin/projects-page').then((m) => ({ default: m.ProjectsPage })),
);
const DonationsPage = lazy(() =>
  import('../features/donations/admin/donations-page').then((m) => ({ default: m.DonationsPage })),
);
const FundsPage = lazy(() => import('../features/donations/admin/funds-page').then((m) => ({ default: m.FundsPage })));
const PaymentAlertsPage = lazy(() =>
  import('../features/donations/admin/payment-alerts-page').then((m) => ({ default: m.PaymentAlertsPage })),
);
const DonationReportsPage = lazy(() =>
  import('../features/donations/admin/reports-page').then((m) => ({ default: m.DonationReportsPage })),
);
const ReversalsPage = lazy(() =>
  import('../features/donations/admin/reversals-page').then((m) => ({ default: m.ReversalsPage })),
);
const DisclosuresPage = lazy(() =>
  import('../features/donations/admin/disclosures-page').then((m) => ({ default: m.DisclosuresPage })),
);
const StatementsPage = lazy(() =>
  import('../features/donations/admin/statements-page').then((m) => ({ default: m.StatementsPage })),
);

export type ConsolePage = {
  path: string;
  permission: Permission;
  icon: ReactNode;
  label:
    | 'nav.orgs'
    | 'nav.people'
    | 'nav.users'
    | 'nav.audit'
    | 'nav.outbox'
    | 'nav.donationProjects'
    | 'nav.donations'
    | 'nav.funds'
    | 'nav.paymentAlerts'
    | 'nav.donationReports'
    | 'nav.donationReversals'
    | 'nav.disclosures'
    | 'nav.paymentStatements';
  element: ReactNode;
};

export const consolePages: ConsolePage[] = [
  { path: 'orgs', permission: 'orgs:view', icon: <ApartmentOutlined />, label: 'nav.orgs', element: <OrgsPage /> },
  { path: 'people', permission: 'people:view', icon: <TeamOutlined />, label: 'nav.people', element: <PeoplePage /> },
  {
    path: 'donation-projects',
    permission: 'donations:view',
    icon: <ProjectOutlined />,
    label: 'nav.donationProjects',
    element: <ProjectsPage />,
  },
  {
    path: 'donations',
    permission: 'donations:view',
    icon: <GiftOutlined />,
    label: 'nav.donations',
    element: <DonationsPage />,
  },
  {
    path: 'funds',
    permission: 'donations:view',
    icon: <AccountBookOutlined />,
    label: 'nav.funds',
    element: <FundsPage />,
  },
  {
    path: 'donation-reversals',
    permission: 'donations:view',
    icon: <RollbackOutlined />,
    label: 'nav.donationReversals',
    element: <ReversalsPage />,
  },
  {
    path: 'disclosures',
    permission: 'donations:view',
    icon: <DisclosuresMenuIcon />,
    label: 'nav.disclosures',
    element: <DisclosuresPage />,
  },
  {
    path: 'payment-statements',
    permission: 'payments:reconcile',
    icon: <FileSearchOutlined />,
    label: 'nav.paymentStatements',
    element: <StatementsPage />,
  },
  {
    path: 'payment-alerts',
    permission: 'payments:reconcile',
    icon: <AlertOutlined />,
    label: 'nav.paymentAlerts',
    element: <PaymentAlertsPage />,
  },
  {
    path: 'donation-reports',
    permission: 'donations:view',
    icon: <BarChartOutlined />,
    label: 'nav.donationReports',
    element: <DonationReportsPage />,
  },
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
