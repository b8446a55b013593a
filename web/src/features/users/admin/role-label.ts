// A role's name in the UI language (the server sends both; grants carry only the Chinese name).
import type { RoleView } from '../../../../../server/src/platform/rbac/rbac.schemas';

export function roleLabel(roles: RoleView[] | undefined, roleId: string, fallback: string, language: string): string {
  const role = roles?.find((r) => r.id === roleId);
  if (!role) {
    return fallback;
  }
  return language === 'en' ? role.nameEn : role.nameZh;
}
