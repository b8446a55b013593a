// The console's pages: path, the permission that opens it, menu icon and label. The menu and the router both read this.
import {
  AccountBookOutlined,
  AimOutlined,
  AlertOutlined,
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  CommentOutlined,
  ContainerOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  ExperimentOutlined,
  EyeOutlined,
  FileDoneOutlined,
  FileExcelOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FileSyncOutlined,
  FormOutlined,
  FundOutlined,
  GiftOutlined,
  HeartOutlined,
  IdcardOutlined,
  InboxOutlined,
  KeyOutlined,
  MailOutlined,
  MedicineBoxOutlined,
  NodeIndexOutlined,
  NotificationOutlined,
  PhoneOutlined,
  ProjectOutlined,
  ReadOutlined,
  RollbackOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SettingOutlined,
  ShopOutlined,
  SolutionOutlined,
  SwapOutlined,
  TeamOutlined,
  ToolOutlined,
  TrophyOutlined,
} from '@ant-design/icons';
import { lazy, type ReactNode } from 'react';
import { DisclosuresMenuIcon } from '../features/donations/admin/disclosures-menu-icon';
import type { Permission } from './session';

// Each page is its own chunk: the public pages never download the console.
const CockpitPage = lazy(() =>
  import('../features/kpi/cockpit/cockpit-page').then((m) => ({ default: m.CockpitPage })),
);
const TargetsPage = lazy(() =>
  import('../features/kpi/targets/targets-page').then((m) => ({ default: m.TargetsPage })),
);
const ManualFiguresPage = lazy(() =>
  import('../features/kpi/targets/manual-figures-page').then((m) => ({ default: m.ManualFiguresPage })),
);
const TransparencyPage = lazy(() =>
  import('../features/kpi/transparency/transparency-page').then((m) => ({ default: m.TransparencyPage })),
);
const KpiReportsPage = lazy(() =>
  import('../features/kpi/reports/reports-page').then((m) => ({ default: m.KpiReportsPage })),
);
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
const MutualAidPage = lazy(() =>
  import('../features/mutualaid/admin/mutual-aid-page').then((m) => ({ default: m.MutualAidConsolePage })),
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
const GoodsLotsPage = lazy(() => import('../features/goods/admin/lots-page').then((m) => ({ default: m.LotsPage })));
const GoodsStockPage = lazy(() => import('../features/goods/admin/stock-page').then((m) => ({ default: m.StockPage })));
const GoodsMovementsPage = lazy(() =>
  import('../features/goods/admin/movements-page').then((m) => ({ default: m.MovementsPage })),
);
const WarehousesPage = lazy(() =>
  import('../features/goods/admin/warehouses-page').then((m) => ({ default: m.WarehousesPage })),
);
const ReceiptsPage = lazy(() =>
  import('../features/receipts/admin/receipts-page').then((m) => ({ default: m.ReceiptsPage })),
);

const ReliefCasesPage = lazy(() =>
  import('../features/relief/admin/cases-page').then((m) => ({ default: m.ReliefCasesPage })),
);
const ReliefKindsPage = lazy(() =>
  import('../features/relief/admin/kinds-page').then((m) => ({ default: m.ReliefKindsPage })),
);
const ReliefBatchesPage = lazy(() =>
  import('../features/relief/admin/batches-page').then((m) => ({ default: m.ReliefBatchesPage })),
);

const ServiceQueuePage = lazy(() =>
  import('../features/services/admin/queue-page').then((m) => ({ default: m.QueuePage })),
);
const ServiceSearchPage = lazy(() =>
  import('../features/services/admin/search-page').then((m) => ({ default: m.SearchPage })),
);
const ServiceStatsPage = lazy(() =>
  import('../features/services/admin/stats-page').then((m) => ({ default: m.StatsPage })),
);
const ServiceCataloguePage = lazy(() =>
  import('../features/services/admin/catalogue-page').then((m) => ({ default: m.CataloguePage })),
);
const ServiceCalendarPage = lazy(() =>
  import('../features/services/admin/calendar-page').then((m) => ({ default: m.CalendarPage })),
);
const ComplaintsPage = lazy(() =>
  import('../features/grievances/admin/complaints-page').then((m) => ({ default: m.ComplaintsPage })),
);
const CallbacksPage = lazy(() =>
  import('../features/grievances/admin/callbacks-page').then((m) => ({ default: m.CallbacksPage })),
);
const DuplicatesPage = lazy(() =>
  import('../features/grievances/admin/duplicates-page').then((m) => ({ default: m.DuplicatesPage })),
);
const TrainingClassesPage = lazy(() =>
  import('../features/training/admin/classes-page').then((m) => ({ default: m.TrainingClassesPage })),
);
const TrainingCoursesPage = lazy(() =>
  import('../features/training/admin/courses-page').then((m) => ({ default: m.TrainingCoursesPage })),
);
const TrainingBasesPage = lazy(() =>
  import('../features/training/admin/bases-page').then((m) => ({ default: m.TrainingBasesPage })),
);
const TrainingInstructorsPage = lazy(() =>
  import('../features/training/admin/instructors-page').then((m) => ({ default: m.TrainingInstructorsPage })),
);
const TrainingAwarenessPage = lazy(() =>
  import('../features/training/admin/awareness-page').then((m) => ({ default: m.TrainingAwarenessPage })),
);
const TrainingQuestionBankPage = lazy(() =>
  import('../features/training/admin/question-bank-page').then((m) => ({ default: m.QuestionBankPage })),
);
const TrainingExamReviewPage = lazy(() =>
  import('../features/training/admin/exam-review-page').then((m) => ({ default: m.ExamReviewPage })),
);
const TrainingExaminerPage = lazy(() =>
  import('../features/training/admin/examiner-page').then((m) => ({ default: m.ExaminerPage })),
);
const TrainingAmendmentsPage = lazy(() =>
  import('../features/training/admin/certificates-page').then((m) => ({ default: m.AmendmentsPage })),
);
const TrainingCertificatesPage = lazy(() =>
  import('../features/training/admin/certificates-page').then((m) => ({ default: m.CertificatesPage })),
);
const TrainingStatsPage = lazy(() =>
  import('../features/training/admin/training-stats-page').then((m) => ({ default: m.TrainingStatsPage })),
);

const OrganRegistrationsPage = lazy(() =>
  import('../features/registry/organ/admin/registrations-page').then((m) => ({ default: m.OrganRegistrationsPage })),
);
const OrganStatsPage = lazy(() =>
  import('../features/registry/organ/admin/organ-stats-page').then((m) => ({ default: m.OrganStatsPage })),
);
const MemorialAdminPage = lazy(() =>
  import('../features/registry/memorial/admin/memorial-admin-page').then((m) => ({ default: m.MemorialAdminPage })),
);
const StemCellRegistrationsPage = lazy(() =>
  import('../features/registry/stemcell/admin/registrations-page').then((m) => ({
    default: m.StemCellRegistrationsPage,
  })),
);
const BloodDrivesPage = lazy(() =>
  import('../features/registry/stemcell/admin/drives-page').then((m) => ({ default: m.BloodDrivesPage })),
);
const StemCellStatsPage = lazy(() =>
  import('../features/registry/stemcell/admin/stats-page').then((m) => ({ default: m.StemCellStatsPage })),
);
const AedRegistryPage = lazy(() =>
  import('../features/aed/admin/aed-registry-page').then((m) => ({ default: m.AedRegistryPage })),
);
const AedDevicePage = lazy(() =>
  import('../features/aed/admin/aed-device-page').then((m) => ({ default: m.AedDevicePage })),
);
const AedDueWorkPage = lazy(() =>
  import('../features/aed/admin/aed-due-work-page').then((m) => ({ default: m.AedDueWorkPage })),
);
const AedStatsPage = lazy(() =>
  import('../features/aed/admin/aed-stats-page').then((m) => ({ default: m.AedStatsPage })),
);
const AedCoveragePage = lazy(() =>
  import('../features/aed/admin/coverage-page').then((m) => ({ default: m.AedCoveragePage })),
);
const RescueTeamsPage = lazy(() =>
  import('../features/rescue/admin/teams-page').then((m) => ({ default: m.RescueTeamsPage })),
);
const RescueTeamPage = lazy(() =>
  import('../features/rescue/admin/team-page').then((m) => ({ default: m.RescueTeamPage })),
);
const RescueDeploymentsPage = lazy(() =>
  import('../features/rescue/admin/deployments-page').then((m) => ({ default: m.RescueDeploymentsPage })),
);
const RescueDeploymentPage = lazy(() =>
  import('../features/rescue/admin/deployment-page').then((m) => ({ default: m.RescueDeploymentPage })),
);
const RescueTrainingPage = lazy(() =>
  import('../features/rescue/admin/training-page').then((m) => ({ default: m.RescueTrainingPage })),
);
const RescueStatsPage = lazy(() =>
  import('../features/rescue/admin/stats-page').then((m) => ({ default: m.RescueStatsPage })),
);
const EmergenciesPage = lazy(() =>
  import('../features/response/admin/emergencies-page').then((m) => ({ default: m.EmergenciesPage })),
);
const EmergencyLivePage = lazy(() =>
  import('../features/response/admin/emergency-live-page').then((m) => ({ default: m.EmergencyLivePage })),
);
const RespondersPage = lazy(() =>
  import('../features/response/admin/responders-page').then((m) => ({ default: m.RespondersPage })),
);
const DispatchKeysPage = lazy(() =>
  import('../features/response/admin/dispatch-keys-page').then((m) => ({ default: m.DispatchKeysPage })),
);
const ResponseStatsPage = lazy(() =>
  import('../features/response/admin/response-stats-page').then((m) => ({ default: m.ResponseStatsPage })),
);
const VolunteersPage = lazy(() =>
  import('../features/volunteers/admin/volunteers-page').then((m) => ({ default: m.VolunteersPage })),
);
const VolunteerTeamsPage = lazy(() =>
  import('../features/volunteers/admin/teams-page').then((m) => ({ default: m.VolunteerTeamsPage })),
);
const VolunteerActivitiesPage = lazy(() =>
  import('../features/volunteers/admin/activities-page').then((m) => ({ default: m.VolunteerActivitiesPage })),
);
const VolunteerActivityConsolePage = lazy(() =>
  import('../features/volunteers/admin/activity-page').then((m) => ({ default: m.VolunteerActivityConsolePage })),
);
const MembersPage = lazy(() =>
  import('../features/members/admin/members-page').then((m) => ({ default: m.MembersPage })),
);
const MemberStatsPage = lazy(() =>
  import('../features/members/admin/member-stats-page').then((m) => ({ default: m.MemberStatsPage })),
);
const PointsAdminPage = lazy(() =>
  import('../features/members/points/points-admin-page').then((m) => ({ default: m.PointsAdminPage })),
);
const OrdersAdminPage = lazy(() =>
  import('../features/members/orders/orders-admin-page').then((m) => ({ default: m.OrdersAdminPage })),
);
const KitsAdminPage = lazy(() =>
  import('../features/members/kits/kits-admin-page').then((m) => ({ default: m.KitsAdminPage })),
);
const VolunteerStatsPage = lazy(() =>
  import('../features/volunteers/admin/stats-page').then((m) => ({ default: m.VolunteerStatsPage })),
);

export type ConsolePage = {
  path: string;
  /** The permission that opens the page, or a list of which any one does. */
  permission: Permission | readonly Permission[];
  icon: ReactNode;
  label:
    | 'nav.kpiCockpit'
    | 'nav.kpiTargets'
    | 'nav.kpiManualFigures'
    | 'nav.kpiTransparency'
    | 'nav.kpiReports'
    | 'nav.orgs'
    | 'nav.people'
    | 'nav.users'
    | 'nav.audit'
    | 'nav.outbox'
    | 'nav.donationProjects'
    | 'nav.donations'
    | 'nav.funds'
    | 'nav.mutualAid'
    | 'nav.paymentAlerts'
    | 'nav.donationReports'
    | 'nav.donationReversals'
    | 'nav.disclosures'
    | 'nav.paymentStatements'
    | 'nav.goodsLots'
    | 'nav.goodsStock'
    | 'nav.goodsMovements'
    | 'nav.goodsWarehouses'
    | 'nav.receipts'
    | 'nav.reliefCases'
    | 'nav.reliefKinds'
    | 'nav.reliefBatches'
    | 'nav.grievances'
    | 'nav.callbacks'
    | 'nav.duplicateSuspects'
    | 'nav.serviceQueue'
    | 'nav.serviceRequests'
    | 'nav.serviceStats'
    | 'nav.serviceCatalogue'
    | 'nav.serviceCalendar'
    | 'nav.trainingClasses'
    | 'nav.trainingCourses'
    | 'nav.trainingBases'
    | 'nav.trainingInstructors'
    | 'nav.trainingAwareness'
    | 'nav.trainingQuestions'
    | 'nav.trainingExamReviews'
    | 'nav.trainingPractical'
    | 'nav.trainingAmendments'
    | 'nav.trainingCertificates'
    | 'nav.trainingStats'
    | 'nav.responseEmergencies'
    | 'nav.responseResponders'
    | 'nav.responseDispatchKeys'
    | 'nav.responseStats'
    | 'nav.aedDevices'
    | 'nav.aedDueWork'
    | 'nav.stemCellRegistrations'
    | 'nav.bloodDrives'
    | 'nav.stemCellStats'
    | 'nav.organRegistrations'
    | 'nav.organStats'
    | 'nav.memorials'
    | 'nav.aedStats'
    | 'nav.aedCoverage'
    | 'nav.members'
    | 'nav.memberStats'
    | 'nav.memberPoints'
    | 'nav.memberOrders'
    | 'nav.memberKits'
    | 'nav.volunteers'
    | 'nav.volunteerTeams'
    | 'nav.volunteerActivities'
    | 'nav.volunteerStats'
    | 'nav.rescueTeams'
    | 'nav.rescueDeployments'
    | 'nav.rescueTraining'
    | 'nav.rescueStats';
  element: ReactNode;
  /** A page reached from another (a detail view): routed, but not in the menu. */
  hideInMenu?: boolean;
};

export const consolePages: ConsolePage[] = [
  {
    path: 'cockpit',
    permission: 'kpi:view',
    icon: <DashboardOutlined />,
    label: 'nav.kpiCockpit',
    element: <CockpitPage />,
  },
  {
    path: 'kpi/targets',
    permission: 'kpi:view',
    icon: <AimOutlined />,
    label: 'nav.kpiTargets',
    element: <TargetsPage />,
  },
  {
    path: 'kpi/manual-figures',
    permission: ['kpi:enter', 'kpi:view'],
    icon: <FormOutlined />,
    label: 'nav.kpiManualFigures',
    element: <ManualFiguresPage />,
  },
  {
    path: 'kpi/transparency',
    permission: 'kpi:view',
    icon: <EyeOutlined />,
    label: 'nav.kpiTransparency',
    element: <TransparencyPage />,
  },
  {
    path: 'kpi/reports',
    permission: 'kpi:view',
    icon: <FileExcelOutlined />,
    label: 'nav.kpiReports',
    element: <KpiReportsPage />,
  },
  {
    path: 'service-queue',
    permission: 'services:handle',
    icon: <CarryOutOutlined />,
    label: 'nav.serviceQueue',
    element: <ServiceQueuePage />,
  },
  {
    path: 'service-requests',
    permission: 'services:handle',
    icon: <FileSyncOutlined />,
    label: 'nav.serviceRequests',
    element: <ServiceSearchPage />,
  },
  {
    path: 'service-stats',
    permission: 'services:handle',
    icon: <FundOutlined />,
    label: 'nav.serviceStats',
    element: <ServiceStatsPage />,
  },
  {
    path: 'service-catalogue',
    permission: 'services:manage',
    icon: <DatabaseOutlined />,
    label: 'nav.serviceCatalogue',
    element: <ServiceCataloguePage />,
  },
  {
    path: 'service-calendar',
    permission: 'services:manage',
    icon: <CalendarOutlined />,
    label: 'nav.serviceCalendar',
    element: <ServiceCalendarPage />,
  },
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
    path: 'mutual-aid',
    permission: 'mutualaid:manage',
    icon: <HeartOutlined />,
    label: 'nav.mutualAid',
    element: <MutualAidPage />,
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
    path: 'receipts',
    permission: 'receipts:issue',
    icon: <FileProtectOutlined />,
    label: 'nav.receipts',
    element: <ReceiptsPage />,
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
    path: 'goods-lots',
    permission: 'goods:view',
    icon: <InboxOutlined />,
    label: 'nav.goodsLots',
    element: <GoodsLotsPage />,
  },
  {
    path: 'goods-stock',
    permission: 'goods:view',
    icon: <ContainerOutlined />,
    label: 'nav.goodsStock',
    element: <GoodsStockPage />,
  },
  {
    path: 'goods-movements',
    permission: 'goods:view',
    icon: <NodeIndexOutlined />,
    label: 'nav.goodsMovements',
    element: <GoodsMovementsPage />,
  },
  {
    path: 'goods-warehouses',
    permission: 'goods:view',
    icon: <ShopOutlined />,
    label: 'nav.goodsWarehouses',
    element: <WarehousesPage />,
  },
  {
    path: 'relief-cases',
    permission: ['relief:verify', 'relief:review', 'relief:approve', 'funds:payout'],
    icon: <MedicineBoxOutlined />,
    label: 'nav.reliefCases',
    element: <ReliefCasesPage />,
  },
  {
    path: 'relief-batches',
    permission: ['relief:verify', 'relief:review', 'relief:approve'],
    icon: <FileDoneOutlined />,
    label: 'nav.reliefBatches',
    element: <ReliefBatchesPage />,
  },
  {
    path: 'relief-kinds',
    permission: 'relief:manage',
    icon: <SettingOutlined />,
    label: 'nav.reliefKinds',
    element: <ReliefKindsPage />,
  },
  {
    path: 'training-classes',
    permission: 'training:view',
    icon: <SolutionOutlined />,
    label: 'nav.trainingClasses',
    element: <TrainingClassesPage />,
  },
  {
    path: 'training-courses',
    permission: 'training:view',
    icon: <ReadOutlined />,
    label: 'nav.trainingCourses',
    element: <TrainingCoursesPage />,
  },
  {
    path: 'training-bases',
    permission: 'training:view',
    icon: <BankOutlined />,
    label: 'nav.trainingBases',
    element: <TrainingBasesPage />,
  },
  {
    path: 'training-instructors',
    permission: 'training:view',
    icon: <IdcardOutlined />,
    label: 'nav.trainingInstructors',
    element: <TrainingInstructorsPage />,
  },
  {
    path: 'training-awareness',
    permission: 'training:view',
    icon: <NotificationOutlined />,
    label: 'nav.trainingAwareness',
    element: <TrainingAwarenessPage />,
  },
  {
    path: 'training-questions',
    permission: 'training:manage',
    icon: <DatabaseOutlined />,
    label: 'nav.trainingQuestions',
    element: <TrainingQuestionBankPage />,
  },
  {
    path: 'training-exam-reviews',
    permission: 'training:manage',
    icon: <AuditOutlined />,
    label: 'nav.trainingExamReviews',
    element: <TrainingExamReviewPage />,
  },
  {
    path: 'training-practical',
    permission: 'training:examine',
    icon: <CarryOutOutlined />,
    label: 'nav.trainingPractical',
    element: <TrainingExaminerPage />,
  },
  {
    path: 'training-amendments',
    permission: 'training:certify',
    icon: <FileSyncOutlined />,
    label: 'nav.trainingAmendments',
    element: <TrainingAmendmentsPage />,
  },
  {
    path: 'training-certificates',
    permission: 'training:view',
    icon: <SafetyCertificateOutlined />,
    label: 'nav.trainingCertificates',
    element: <TrainingCertificatesPage />,
  },
  {
    path: 'training-stats',
    permission: 'training:view',
    icon: <BarChartOutlined />,
    label: 'nav.trainingStats',
    element: <TrainingStatsPage />,
  },
  {
    path: 'registry/stem-cell',
    permission: 'registry:view',
    icon: <ExperimentOutlined />,
    label: 'nav.stemCellRegistrations',
    element: <StemCellRegistrationsPage />,
  },
  {
    path: 'registry/blood-drives',
    permission: 'registry:view',
    icon: <CalendarOutlined />,
    label: 'nav.bloodDrives',
    element: <BloodDrivesPage />,
  },
  {
    path: 'registry/stem-cell-stats',
    permission: 'registry:view',
    icon: <BarChartOutlined />,
    label: 'nav.stemCellStats',
    element: <StemCellStatsPage />,
  },
  {
    path: 'registry/organ',
    permission: 'registry:view',
    icon: <HeartOutlined />,
    label: 'nav.organRegistrations',
    element: <OrganRegistrationsPage />,
  },
  {
    path: 'registry/organ-stats',
    permission: 'registry:view',
    icon: <BarChartOutlined />,
    label: 'nav.organStats',
    element: <OrganStatsPage />,
  },
  {
    path: 'registry/memorials',
    permission: ['memorial:moderate', 'registry:view'],
    icon: <CommentOutlined />,
    label: 'nav.memorials',
    element: <MemorialAdminPage />,
  },
  {
    path: 'aed/devices',
    permission: 'aed:view',
    icon: <MedicineBoxOutlined />,
    label: 'nav.aedDevices',
    element: <AedRegistryPage />,
  },
  {
    path: 'aed/devices/:id',
    permission: 'aed:view',
    icon: <MedicineBoxOutlined />,
    label: 'nav.aedDevices',
    element: <AedDevicePage />,
    hideInMenu: true,
  },
  {
    path: 'aed/due-work',
    permission: 'aed:view',
    icon: <ToolOutlined />,
    label: 'nav.aedDueWork',
    element: <AedDueWorkPage />,
  },
  {
    path: 'aed/stats',
    permission: 'aed:view',
    icon: <BarChartOutlined />,
    label: 'nav.aedStats',
    element: <AedStatsPage />,
  },
  {
    path: 'aed/coverage',
    permission: 'aed:view',
    icon: <AimOutlined />,
    label: 'nav.aedCoverage',
    element: <AedCoveragePage />,
  },
  {
    path: 'rescue/teams',
    permission: 'rescue:view',
    icon: <TeamOutlined />,
    label: 'nav.rescueTeams',
    element: <RescueTeamsPage />,
  },
  {
    path: 'rescue/teams/:orgId',
    permission: 'rescue:view',
    icon: <TeamOutlined />,
    label: 'nav.rescueTeams',
    element: <RescueTeamPage />,
    hideInMenu: true,
  },
  {
    path: 'rescue/deployments',
    permission: 'rescue:view',
    icon: <AlertOutlined />,
    label: 'nav.rescueDeployments',
    element: <RescueDeploymentsPage />,
  },
  {
    path: 'rescue/deployments/:id',
    permission: 'rescue:view',
    icon: <AlertOutlined />,
    label: 'nav.rescueDeployments',
    element: <RescueDeploymentPage />,
    hideInMenu: true,
  },
  {
    path: 'rescue/training',
    permission: 'rescue:view',
    icon: <ToolOutlined />,
    label: 'nav.rescueTraining',
    element: <RescueTrainingPage />,
  },
  {
    path: 'rescue/stats',
    permission: 'rescue:view',
    icon: <BarChartOutlined />,
    label: 'nav.rescueStats',
    element: <RescueStatsPage />,
  },
  {
    path: 'volunteers',
    permission: 'volunteers:view',
    icon: <HeartOutlined />,
    label: 'nav.volunteers',
    element: <VolunteersPage />,
  },
  {
    path: 'volunteer-teams',
    permission: 'volunteers:view',
    icon: <TeamOutlined />,
    label: 'nav.volunteerTeams',
    element: <VolunteerTeamsPage />,
  },
  {
    path: 'volunteer-activities',
    permission: 'volunteers:view',
    icon: <CalendarOutlined />,
    label: 'nav.volunteerActivities',
    element: <VolunteerActivitiesPage />,
  },
  {
    path: 'volunteer-activities/:id',
    permission: 'volunteers:view',
    icon: <CalendarOutlined />,
    label: 'nav.volunteerActivities',
    element: <VolunteerActivityConsolePage />,
    hideInMenu: true,
  },
  {
    path: 'volunteer-stats',
    permission: 'volunteers:view',
    icon: <BarChartOutlined />,
    label: 'nav.volunteerStats',
    element: <VolunteerStatsPage />,
  },
  {
    path: 'members',
    permission: 'members:view',
    icon: <IdcardOutlined />,
    label: 'nav.members',
    element: <MembersPage />,
  },
  {
    path: 'members/stats',
    permission: 'members:view',
    icon: <BarChartOutlined />,
    label: 'nav.memberStats',
    element: <MemberStatsPage />,
  },
  {
    path: 'members/points',
    permission: 'members:view',
    icon: <TrophyOutlined />,
    label: 'nav.memberPoints',
    element: <PointsAdminPage />,
  },
  {
    path: 'members/service-orders',
    permission: 'members:view',
    icon: <ScheduleOutlined />,
    label: 'nav.memberOrders',
    element: <OrdersAdminPage />,
  },
  {
    path: 'members/kits',
    permission: 'members:view',
    icon: <MedicineBoxOutlined />,
    label: 'nav.memberKits',
    element: <KitsAdminPage />,
  },
  {
    path: 'response/emergencies',
    permission: 'response:dispatch',
    icon: <AlertOutlined />,
    label: 'nav.responseEmergencies',
    element: <EmergenciesPage />,
  },
  {
    path: 'response/emergencies/:id',
    permission: 'response:dispatch',
    icon: <AlertOutlined />,
    label: 'nav.responseEmergencies',
    element: <EmergencyLivePage />,
    hideInMenu: true,
  },
  {
    path: 'response/responders',
    permission: 'response:manage',
    icon: <TeamOutlined />,
    label: 'nav.responseResponders',
    element: <RespondersPage />,
  },
  {
    path: 'response/dispatch-keys',
    permission: 'response:manage',
    icon: <KeyOutlined />,
    label: 'nav.responseDispatchKeys',
    element: <DispatchKeysPage />,
  },
  {
    path: 'response/stats',
    permission: 'response:manage',
    icon: <BarChartOutlined />,
    label: 'nav.responseStats',
    element: <ResponseStatsPage />,
  },
  {
    path: 'grievances',
    permission: 'grievances:handle',
    icon: <CommentOutlined />,
    label: 'nav.grievances',
    element: <ComplaintsPage />,
  },
  {
    path: 'callbacks',
    permission: 'grievances:handle',
    icon: <PhoneOutlined />,
    label: 'nav.callbacks',
    element: <CallbacksPage />,
  },
  {
    path: 'duplicate-suspects',
    permission: 'grievances:handle',
    icon: <SwapOutlined />,
    label: 'nav.duplicateSuspects',
    element: <DuplicatesPage />,
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
