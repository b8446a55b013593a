// The permission catalogue and the built-in roles (permission sets). Modules add their permissions here.

export const permissions = {
  'orgs:view': { zh: '查看组织机构', en: 'View units' },
  'orgs:manage': { zh: '管理组织机构', en: 'Manage units' },
  'people:view': { zh: '查看人员', en: 'View people' },
  'people:manage': { zh: '登记和修改人员', en: 'Register and edit people' },
  'pii:view': { zh: '查看完整个人信息(留痕)', en: 'Unmask personal data (audited)' },
  'users:view': { zh: '查看账号与授权', en: 'View accounts and grants' },
  'users:manage': { zh: '管理账号与授权', en: 'Manage accounts and grants' },
  'audit:view': { zh: '查看审计日志', en: 'View the audit log' },
  'outbox:view': { zh: '查看消息发件箱', en: 'View the message outbox' },
  'donations:view': { zh: '查看捐赠与基金', en: 'View gifts and funds' },
  'donations:manage': { zh: '管理募捐项目', en: 'Manage fundraising projects' },
  'donations:record': { zh: '登记线下捐赠', en: 'Record offline gifts' },
  'funds:payout': { zh: '申请拨付', en: 'Request payouts' },
  'funds:approve': { zh: '审批拨付与退款', en: 'Approve payouts and refunds' },
  'payments:reconcile': { zh: '支付对账与异常通知处理', en: 'Reconcile payments and review flagged notifications' },
  'receipts:issue': {
    zh: '开具、冲红捐赠票据与登记放弃票据',
    en: 'Issue and reverse fiscal donation receipts, record waivers',
  },
  'goods:view': { zh: '查看物资与库存', en: 'View goods and stock' },
  'goods:manage': { zh: '物资入库登记、调拨与发放', en: 'Record goods intake, transfer and distribute goods' },
  'goods:approve': { zh: '物资入库复核与报损审批', en: 'Countersign goods intake and approve write-offs' },
} as const;

export type Permission = keyof typeof permissions;
export const allPermissions = Object.keys(permissions) as Permission[];

export type RoleDefinition = { id: string; nameZh: string; nameEn: string; permissions: readonly Permission[] };

export const builtinRoles: readonly RoleDefinition[] = [
  { id: 'system_admin', nameZh: '系统管理员', nameEn: 'System administrator', permissions: allPermissions },
  {
    id: 'branch_admin',
    nameZh: '分会管理员',
    nameEn: 'Branch administrator',
    permissions: [
      'orgs:view',
      'orgs:manage',
      'people:view',
      'people:manage',
      'pii:view',
      'users:view',
      'users:manage',
      'audit:view',
      'outbox:view',
      'donations:view',
      'donations:manage',
      'goods:view',
      'goods:manage',
    ],
  },
  {
    id: 'finance',
    nameZh: '财务',
    nameEn: 'Finance',
    permissions: [
      'orgs:view',
      'people:view',
      'donations:view',
      'donations:record',
      'funds:payout',
      'funds:approve',
      'payments:reconcile',
      'receipts:issue',
      'goods:view',
      'goods:approve',
    ],
  },
  {
    id: 'supervisor',
    nameZh: '监事/审计',
    nameEn: 'Supervisor / auditor',
    permissions: [
      'orgs:view',
      'people:view',
      'users:view',
      'audit:view',
      'outbox:view',
      'donations:view',
      'goods:view',
    ],
  },
  {
    id: 'relief_officer',
    nameZh: '救助专员',
    nameEn: 'Relief officer',
    permissions: ['orgs:view', 'people:view', 'people:manage', 'pii:view'],
  },
  {
    id: 'training_admin',
    nameZh: '培训管理员',
    nameEn: 'Training administrator',
    permissions: ['orgs:view', 'people:view', 'people:manage'],
  },
  { id: 'examiner', nameZh: '考官', nameEn: 'Examiner', permissions: ['orgs:view', 'people:view'] },
  {
    id: 'volunteer_admin',
    nameZh: '志愿者管理员',
    nameEn: 'Volunteer administrator',
    permissions: ['orgs:view', 'people:view', 'people:manage'],
  },
  { id: 'readonly', nameZh: '只读', nameEn: 'Read-only', permissions: ['orgs:view', 'people:view'] },
];
