// The sign-in contract: staff password sign-in, public one-time codes, the current session's identity.
import { z } from 'zod';

export const signInSchema = z.strictObject({
  username: z.string().trim().min(1).max(40),
  password: z.string().min(1).max(200),
});
export const changePasswordSchema = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: z.string().min(1).max(200),
});
export const otpRequestSchema = z.strictObject({ phone: z.string().trim().min(5).max(20) });
export const otpVerifySchema = z.strictObject({
  phone: z.string().trim().min(5).max(20),
  code: z.string().regex(/^\d{6}$/, 'six digits'),
});

export const meSchema = z
  .object({
    kind: z.enum(['staff', 'public']),
    userId: z.string().nullable(),
    username: z.string().nullable(),
    displayName: z.string(),
    phoneMasked: z.string().nullable(),
    permissions: z.array(z.string()),
    grants: z.array(z.object({ roleId: z.string(), orgId: z.number().int(), orgPath: z.string() })),
  })
  .meta({ id: 'Me' });
export type Me = z.infer<typeof meSchema>;

export const okSchema = z.object({ ok: z.literal(true) });
