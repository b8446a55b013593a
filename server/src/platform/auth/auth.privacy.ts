// Sign-in data under the personal-data rules: a public account (phone sign-in), its sessions and one-time codes.
import type { PrivacyDeclaration } from '../../modules/people/privacy-declaration';
import { otpCodes, publicAccounts, sessions, users } from './auth.tables';

export const authPrivacy: PrivacyDeclaration = {
  module: 'auth',
  tables: [
    {
      table: sessions,
      label: '登录会话',
      find: { accountId: sessions.publicAccountId },
      erase: {
        action: 'delete',
        why: 'Sign-in sessions serve no purpose once the account is closed (PIPL Art. 47(1)).',
      },
      exportOmit: ['tokenHash'],
    },
    {
      table: otpCodes,
      label: '短信验证码',
      find: { phoneHash: otpCodes.phoneHash },
      erase: { action: 'delete', why: 'One-time codes are transient (PIPL Art. 47(1)).' },
      exportOmit: ['codeHash'],
    },
    {
      table: publicAccounts,
      label: '公众账号(手机号登录)',
      find: { accountId: publicAccounts.id, phoneHash: publicAccounts.phoneHash },
      erase: {
        action: 'delete',
        why: 'The account is closed on erasure (PIPL Art. 47(1), (3)); signing in again creates a new one.',
      },
    },
  ],
  notSubjectData: [
    { table: users, why: 'Staff accounts: employment records, handled by the unit, not by these requests.' },
  ],
};
