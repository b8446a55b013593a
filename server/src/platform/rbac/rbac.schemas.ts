// The contract for staff accounts, roles and grants.
import { z } from 'zod';

export const roleViewSchema = z
  .object({
    id: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    permissions: z.array(z.string()),
    isBuiltin: z.boolean(),
  })
  .meta({ id: 'Role' });
export type RoleView = z.infer<typeof roleViewSchema>;

export const grantViewSchema = z
  .object({
    id: z.string(),
    roleId: z.string(),
    roleName: z.string(),
    orgId: z.number().int(),
    orgName: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Grant' });
export type GrantView = z.infer<typeof grantViewSchema>;

export const userViewSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    isActive: z.boolean(),
    isLocked: z.boolean(),
    createdAt: z.string(),
    grants: z.array(grantViewSchema),
  })
  .meta({ id: 'User' });
export type UserView = z.infer<typeof userViewSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .min(3)
  .max(40)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only');
export const passwordSchema = z.string().min(1).max(200);

export const createUserSchema = z.strictObject({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(50),
  password: passwordSchema,
  grants: z
    .array(z.strictObject({ roleId: z.string().max(40), orgId: z.number().int().positive().max(2_147_483_647) }))
    .max(20)
    .default([]),
});
export type CreateUser = z.infer<typeof createUserSchema>;

export const updateUserSchema = z
  .strictObject({
    displayName: z.string().trim().min(1).max(50).optional(),
    isActive: z.boolean().optional(),
    unlock: z.literal(true).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });
export type UpdateUser = z.infer<typeof updateUserSchema>;

export const addGrantSchema = z.strictObject({
  roleId: z.string().min(1).max(40),
  orgId: z.number().int().positive().max(2_147_483_647),
});
export type AddGrant = z.infer<typeof addGrantSchema>;

export const userListQuerySchema = z.strictObject({
  q: z.string().trim().max(50).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  lang: z.string().max(20).optional(),
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;

export const userPageSchema = z.object({
  items: z.array(userViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
