// The check-in refusals in words: each server code with what the person can do about it.
import type { TFunction } from 'i18next';
import { isApiError } from '../../../app/api-client';
import { formatDateTime } from '../../../lib/china-time';

export function checkinErrorText(error: unknown, t: TFunction<'volunteers'>, language: string): string | null {
  if (!error) {
    return null;
  }
  if (!isApiError(error)) {
    return String((error as Error).message ?? error);
  }
  const d = (error.details ?? {}) as Record<string, unknown>;
  switch (error.code) {
    case 'CHECKIN_OUTSIDE_GEOFENCE':
      return t('public.tooFar', { distance: d.distanceM, fence: d.geofenceM });
    case 'CHECKIN_OUTSIDE_WINDOW':
      return t('public.windowClosed', {
        opens: formatDateTime(d.opensAt as string, language),
        closes: formatDateTime(d.closesAt as string, language),
      });
    case 'CHECKIN_TOKEN_INVALID':
      return t('public.tokenInvalid');
    case 'CHECKIN_DUPLICATE':
      return t('public.alreadyDone', { at: formatDateTime(d.at as string, language) });
    case 'CHECKIN_NOT_SIGNED_UP':
      return t('public.notSignedUp');
    default:
      return error.message;
  }
}
