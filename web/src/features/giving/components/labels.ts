// Names the server sends in Chinese only (the anonymous donor) and enum values, in the page's language.
import { useTranslation } from 'react-i18next';
import type { Channel } from '../api';

/** The server's public name for an anonymous gift (donations.service anonymousDisplayName). */
const serverAnonymousName = '爱心人士';

export function useGivingLabels() {
  const { t } = useTranslation('giving');
  return {
    channel: (channel: Channel) => t(`channels.${channel}`),
    donor: (displayName: string) => (displayName === serverAnonymousName ? t('anonymous') : displayName),
  };
}
