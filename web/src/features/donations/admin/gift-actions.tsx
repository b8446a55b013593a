// What staff with donations:record can ask for a gift from its drawer: a refund or correction (approved by a second
// person), and for a restricted gift the donor's consent to use it for another fund.
import { RollbackOutlined, SwapOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DonationView } from '../../../../../server/src/modules/donations/donations.schemas';
import { useCan } from '../../../app/session';
import { ConsentModal } from './consent-modal';
import './oversight.css';
import { ReversalRequestModal } from './reversal-request-modal';

export function GiftActions({ donation: d }: { donation: DonationView }) {
  const { t } = useTranslation('donations');
  const can = useCan();
  const [dialog, setDialog] = useState<'reversal' | 'consent' | null>(null);
  if (!can('donations:record')) {
    return null;
  }
  return (
    <div className="gift-actions" data-testid="gift-actions">
      {d.intent === 'restricted' && !d.isRefunded && (
        <Button size="small" icon={<SwapOutlined />} onClick={() => setDialog('consent')} data-testid="gift-consent">
          {t('consents.action')}
        </Button>
      )}
      <Tooltip title={d.isRefunded ? t('reversals.refundedExplain') : undefined}>
        <Button
          size="small"
          danger
          icon={<RollbackOutlined />}
          disabled={d.isRefunded}
          onClick={() => setDialog('reversal')}
          data-testid="gift-reversal"
        >
          {t('reversals.action')}
        </Button>
      </Tooltip>
      <ReversalRequestModal donation={dialog === 'reversal' ? d : null} onClose={() => setDialog(null)} />
      <ConsentModal donation={dialog === 'consent' ? d : null} onClose={() => setDialog(null)} />
    </div>
  );
}
