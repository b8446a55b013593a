// Sign-in and session calls; every success refreshes the cached identity (GET /api/auth/me).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Me } from '../../../../server/src/platform/auth/auth.schemas';
import { apiFetch } from '../../app/api-client';
import { meKey } from '../../app/session';

export function useStaffSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { username: string; password: string }) =>
      apiFetch<Me>('/auth/sign-in', { method: 'POST', body: input }),
    onSuccess: (me) => {
      queryClient.clear();
      queryClient.setQueryData(meKey, me);
    },
  });
}

export function useRequestCode() {
  return useMutation({
    mutationFn: (phone: string) =>
      apiFetch<{ expiresInSeconds: number }>('/auth/otp/request', { method: 'POST', body: { phone } }),
  });
}

export function useVerifyCode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { phone: string; code: string }) =>
      apiFetch<Me>('/auth/otp/verify', { method: 'POST', body: input }),
    onSuccess: (me) => {
      queryClient.clear();
      queryClient.setQueryData(meKey, me);
    },
  });
}

/** Ends this session (or, with everywhere, every session of the account) and forgets every cached answer. */
export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (everywhere: boolean) =>
      everywhere
        ? apiFetch<{ ended: number }>('/auth/sign-out-everywhere', { method: 'POST' })
        : apiFetch<{ ok: true }>('/auth/sign-out', { method: 'POST' }).then(() => ({ ended: 1 })),
    onSuccess: () => {
      queryClient.clear();
      queryClient.setQueryData(meKey, null);
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      apiFetch<{ ok: true }>('/auth/password', { method: 'POST', body: input }),
  });
}
