// Routes: public phone-first pages at /, the staff console under /console (each page behind its permission).
import { Button, Result } from 'antd';
import { lazy, type ReactNode, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter } from 'react-router';
import { AedDevicePage } from '../features/aed/public/aed-device-page';
import { AedMapPage } from '../features/aed/public/aed-map-page';
import { ConsoleLoginPage } from '../features/auth/admin/console-login-page';
import { MePage } from '../features/auth/public/me-page';
import { PhoneLoginPage } from '../features/auth/public/phone-login-page';
import { DisclosurePage } from '../features/giving/public/disclosure-page';
import { GivePage } from '../features/giving/public/give-page';
import { GiveResultPage } from '../features/giving/public/give-result-page';
import { LocalCheckoutPage } from '../features/giving/public/local-checkout-page';
import { ProjectPage } from '../features/giving/public/project-page';
import { ProjectsPage } from '../features/giving/public/projects-page';
import { TracePage } from '../features/giving/public/trace-page';
import { PublicLotPage } from '../features/goods/public/lot-page';
import { PublicLotsPage } from '../features/goods/public/lots-page';
import { GrievanceStatusPage } from '../features/grievances/public/grievance-status-page';
import { NewGrievancePage } from '../features/grievances/public/new-grievance-page';
import { HomePage } from '../features/home/public/home-page';
import { KitPage } from '../features/members/kits/kit-page';
import { MyKitsPage } from '../features/members/kits/my-kits-page';
import { MyOrdersPage } from '../features/members/orders/my-orders-page';
import { MyPointsPage } from '../features/members/points/my-points-page';
import { MemberJoinPage } from '../features/members/public/join-page';
import { MyMembershipPage } from '../features/members/public/my-membership-page';
import { MemberVerifyPage } from '../features/members/public/verify-page';
import { MutualAidPage } from '../features/mutualaid/public/mutual-aid-page';
import { ReceiptVerifyPage } from '../features/receipts/public/verify-page';
import { MemorialPage } from '../features/registry/memorial/public/memorial-page';
import { MemorialWallPage } from '../features/registry/memorial/public/memorial-wall-page';
import { RegistrationCheckPage } from '../features/registry/organ/public/check-page';
import { MyRegistrationsPage } from '../features/registry/organ/public/my-registrations-page';
import { OrganRegisterPage } from '../features/registry/organ/public/register-page';
import { StemCellCheckPage } from '../features/registry/stemcell/public/check-page';
import { StemCellPage } from '../features/registry/stemcell/public/stemcell-page';
import { ReliefApplyPage } from '../features/relief/public/apply-page';
import { MyReliefCasesPage, ReliefCaseStatusPage } from '../features/relief/public/case-status-page';
import { ReliefNoticesPage } from '../features/relief/public/notices-page';
import { EmergencyPage } from '../features/response/public/emergency-page';
import { FollowupPage } from '../features/response/public/followup-page';
import { RespondPage } from '../features/response/public/respond-page';
import { HallPage } from '../features/services/public/hall-page';
import { ItemPage } from '../features/services/public/item-page';
import { MyRequestsPage } from '../features/services/public/my-requests-page';
import { RequestPage } from '../features/services/public/request-page';
import { TrainingCheckinPage } from '../features/training/public/checkin-page';
import { TrainingClassPage } from '../features/training/public/class-page';
import { ExamPage } from '../features/training/public/exam-page';
import { LessonPage } from '../features/training/public/lesson-page';
import { MyCertificatePage } from '../features/training/public/my-certificate-page';
import { MyTrainingPage } from '../features/training/public/my-training-page';
import { StudyPage } from '../features/training/public/study-page';
import { TrainingHomePage } from '../features/training/public/training-home';
import { CertificateVerifyPage } from '../features/training/public/verify-page';
import { VolunteerHomePage } from '../features/volunteers/public/activities-page';
import { VolunteerActivityPage } from '../features/volunteers/public/activity-page';
import { VolunteerCheckinPage } from '../features/volunteers/public/checkin-page';
import { MyVolunteerRecordPage } from '../features/volunteers/public/my-record-page';
import { VolunteerRegisterPage } from '../features/volunteers/public/register-page';
import { VolunteerCertificateVerifyPage } from '../features/volunteers/public/verify-page';
import { ConsoleIndex, ConsoleLayout } from './console-layout';
import { consolePages } from './console-pages';
import { hasPermission, type Permission, useMe } from './session';

// The wall-screen cockpit is its own chunk (ECharts and map outlines), outside the console's layout.
const CockpitWallPage = lazy(() =>
  import('../features/kpi/cockpit/cockpit-wall-page').then((m) => ({ default: m.CockpitWallPage })),
);

function RequirePermission({
  permission,
  children,
}: {
  permission: Permission | readonly Permission[];
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  if (!hasPermission(me, permission)) {
    return <Result status="403" title={t('errors.forbiddenTitle')} subTitle={t('errors.forbidden')} />;
  }
  return children;
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={t('errors.notFoundTitle')}
      subTitle={t('errors.notFound')}
      extra={
        <Button type="primary" href="/">
          {t('actions.backHome')}
        </Button>
      }
    />
  );
}

export const router = createBrowserRouter([
  { path: '/', element: <HomePage /> },
  { path: '/login', element: <PhoneLoginPage /> },
  { path: '/me', element: <MePage /> },
  { path: '/projects', element: <ProjectsPage /> },
  { path: '/projects/:code', element: <ProjectPage /> },
  { path: '/give/result/:orderNo', element: <GiveResultPage /> },
  { path: '/give/:code', element: <GivePage /> },
  { path: '/pay/local/:orderNo', element: <LocalCheckoutPage /> },
  { path: '/trace/:donationNo', element: <TracePage /> },
  { path: '/disclosure', element: <DisclosurePage /> },
  { path: '/mutual-aid/:code', element: <MutualAidPage /> },
  { path: '/goods', element: <PublicLotsPage /> },
  { path: '/goods/:lotNo', element: <PublicLotPage /> },
  { path: '/receipts/verify', element: <ReceiptVerifyPage /> },
  { path: '/relief/apply', element: <ReliefApplyPage /> },
  { path: '/relief/mine', element: <MyReliefCasesPage /> },
  { path: '/relief/cases/:caseNo', element: <ReliefCaseStatusPage /> },
  { path: '/relief/notices', element: <ReliefNoticesPage /> },
  { path: '/grievances/new', element: <NewGrievancePage /> },
  { path: '/grievances/:no', element: <GrievanceStatusPage /> },
  { path: '/services', element: <HallPage /> },
  { path: '/services/:code', element: <ItemPage /> },
  { path: '/my/requests', element: <MyRequestsPage /> },
  { path: '/requests/:ref', element: <RequestPage /> },
  { path: '/training', element: <TrainingHomePage /> },
  { path: '/training/classes/:token', element: <TrainingClassPage /> },
  { path: '/training/checkin/:token', element: <TrainingCheckinPage /> },
  { path: '/training/mine', element: <MyTrainingPage /> },
  { path: '/training/study/:enrolmentId', element: <StudyPage /> },
  { path: '/training/study/:enrolmentId/lessons/:lessonId', element: <LessonPage /> },
  { path: '/training/exam/:enrolmentId', element: <ExamPage /> },
  { path: '/training/certificates/:id', element: <MyCertificatePage /> },
  { path: '/certificates/verify', element: <CertificateVerifyPage /> },
  { path: '/certificates/v/:certNo', element: <CertificateVerifyPage /> },
  { path: '/respond', element: <RespondPage /> },
  { path: '/emergency', element: <EmergencyPage /> },
  { path: '/aed', element: <AedMapPage /> },
  { path: '/aed/d/:code', element: <AedDevicePage /> },
  { path: '/registry/organ/register', element: <OrganRegisterPage /> },
  { path: '/registry/organ/mine', element: <MyRegistrationsPage /> },
  { path: '/registry/check/:code', element: <RegistrationCheckPage /> },
  { path: '/registry/stem-cell', element: <StemCellPage /> },
  { path: '/registry/stem-cell/check/:code', element: <StemCellCheckPage /> },
  { path: '/memorial', element: <MemorialWallPage /> },
  { path: '/memorial/:id', element: <MemorialPage /> },
  { path: '/response/followup/:token', element: <FollowupPage /> },
  { path: '/v', element: <VolunteerHomePage /> },
  { path: '/v/register', element: <VolunteerRegisterPage /> },
  { path: '/v/activities/:id', element: <VolunteerActivityPage /> },
  { path: '/v/checkin/:id', element: <VolunteerCheckinPage /> },
  { path: '/v/me', element: <MyVolunteerRecordPage /> },
  { path: '/v/certificates/:code', element: <VolunteerCertificateVerifyPage /> },
  { path: '/members/join', element: <MemberJoinPage /> },
  { path: '/my/membership', element: <MyMembershipPage /> },
  { path: '/members/verify/:token', element: <MemberVerifyPage /> },
  { path: '/my/points', element: <MyPointsPage /> },
  { path: '/my/services', element: <MyOrdersPage /> },
  { path: '/my/kits', element: <MyKitsPage /> },
  { path: '/k/:code', element: <KitPage /> },
  { path: '/console/login', element: <ConsoleLoginPage /> },
  {
    path: '/cockpit',
    element: (
      <Suspense fallback={null}>
        <CockpitWallPage />
      </Suspense>
    ),
  },
  {
    path: '/console',
    element: <ConsoleLayout />,
    children: [
      { index: true, element: <ConsoleIndex /> },
      ...consolePages.map((p) => ({
        path: p.path,
        element: <RequirePermission permission={p.permission}>{p.element}</RequirePermission>,
      })),
      { path: '*', element: <NotFound /> },
    ],
  },
  { path: '*', element: <NotFound /> },
]);
