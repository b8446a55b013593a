// Labels of payer ID types in the UI language: the personal documents as the server names them, plus the credit code.
import { useTranslation } from 'react-i18next';
import type { PayerIdType } from '../../../../../server/src/modules/receipts/receipts.schemas';
import { idTypeLabels } from '../../../../../server/src/platform/identity/id-number';
import { pickLabel } from '../../../app/i18n';

export function useIdTypeLabel(): (type: PayerIdType) => string {
  const { t, i18n } = useTranslation('receipts');
  return (type) => (type === 'uscc' ? t('uscc') : pickLabel(idTypeLabels[type], i18n.language));
}
