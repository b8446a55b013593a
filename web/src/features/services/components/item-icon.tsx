// An icon per service item (by code), a category's icon otherwise: the hall's tiles are recognised at a glance.
import {
  AuditOutlined,
  BookOutlined,
  CreditCardOutlined,
  ExperimentOutlined,
  FileProtectOutlined,
  FileSearchOutlined,
  FileTextOutlined,
  GiftOutlined,
  HeartOutlined,
  IdcardOutlined,
  MedicineBoxOutlined,
  SafetyCertificateOutlined,
  SwapOutlined,
  TeamOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';

const byItem: Record<string, ReactNode> = {
  'member-join': <UserAddOutlined />,
  'member-card': <IdcardOutlined />,
  'member-dues': <CreditCardOutlined />,
  'donate-online': <HeartOutlined />,
  'donate-goods': <GiftOutlined />,
  'receipt-request': <FileProtectOutlined />,
  'donation-query': <FileSearchOutlined />,
  'stem-cell': <ExperimentOutlined />,
  organ: <HeartOutlined />,
  'body-donation': <MedicineBoxOutlined />,
  'registry-change': <SwapOutlined />,
  'training-signup': <BookOutlined />,
  'certificate-reissue': <SafetyCertificateOutlined />,
  relief: <AuditOutlined />,
};

const byCategory: Record<string, ReactNode> = {
  membership: <TeamOutlined />,
  giving: <GiftOutlined />,
  'donor-registration': <MedicineBoxOutlined />,
  'first-aid-relief': <SafetyCertificateOutlined />,
};

export function ItemIcon({ code, categoryCode }: { code: string; categoryCode: string }) {
  return <>{byItem[code] ?? byCategory[categoryCode] ?? <FileTextOutlined />}</>;
}

export function CategoryIcon({ code }: { code: string }) {
  return <>{byCategory[code] ?? <FileTextOutlined />}</>;
}
