// One disclosure as published: its text, the project's figures at the time, the SHA-256 of the text and the public
// ledger entry that holds it; a published one can be corrected (a new, linked notice), never edited.
import { EditOutlined } from '@ant-design/icons';
import { Button, Descriptions, Drawer, Empty, Grid, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DisclosureView } from '../../../../../server/src/modules/donations/donations.schemas';
import { useCan } from '../../../app/session';
import { chinaDay, formatDateTime } from '../../../lib/china-time';
import { ledgerEntryUrl, publicProjectUrl } from '../api';
import { DisclosureKindTag, DisclosureStatusTag } from './oversight-tags';
import { Money } from './tags';

const figureOrder = ['raisedFen', 'spentFen', 'donationCount'] as const;

function Figure({ name, value }: { name: string; value: number }) {
  return name.endsWith('Fen') ? <Money fen={value} strong /> : <span className="money">{value}</span>;
}

type Props = {
  disclosure: DisclosureView | null;
  /** Other rows on screen, to link a correction to the notice it corrects. */
  known: DisclosureView[];
  onClose: () => void;
  onOpen: (d: DisclosureView) => void;
  onCorrect: (d: DisclosureView) => void;
};

export function DisclosureDrawer({ disclosure: d, known, onClose, onOpen, onCorrect }: Props) {
  const { t, i18n } = useTranslation(['donations', 'common']);
  const screens = Grid.useBreakpoint();
  const can = useCan();
  const original = d?.correctsId ? known.find((k) => k.id === d.correctsId) : undefined;
  // The known figures first, in a fixed order, then any others the server adds.
  const rank = (k: string) => {
    const i = (figureOrder as readonly string[]).indexOf(k);
    return i === -1 ? figureOrder.length : i;
  };
  const figures = Object.entries(d?.figures ?? {}).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
  const figureLabel = (k: string) =>
    (figureOrder as readonly string[]).includes(k) ? t(`disclosures.figureLabels.${k as 'raisedFen'}`) : k;

  return (
    <Drawer
      open={d !== null}
      onClose={onClose}
      title={t('disclosures.detailTitle')}
      size={screens.md ? 640 : '100%'}
      extra={
        d?.publishedAt &&
        can('donations:manage') && (
          <Button size="small" icon={<EditOutlined />} onClick={() => onCorrect(d)} data-testid="disclosure-correct">
            {t('disclosures.correct')}
          </Button>
        )
      }
    >
      {d && (
        <div data-testid="disclosure-detail">
          <Descriptions column={1} size="small" bordered styles={{ label: { width: 120 } }}>
            <Descriptions.Item label={t('fields.project')}>
              <Typography.Link href={publicProjectUrl(d.projectCode)} target="_blank">
                {d.projectName}
              </Typography.Link>{' '}
              <span className="mono muted">{d.projectCode}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('disclosures.kind')}>
              <DisclosureKindTag kind={d.kind} /> <DisclosureStatusTag status={d.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('disclosures.subject')}>{d.subject}</Descriptions.Item>
            {d.kind !== 'correction' && (
              <Descriptions.Item label={t('disclosures.dueAt')}>
                <span className="money">{chinaDay(d.dueAt)}</span>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('disclosures.publishedAt')}>
              {d.publishedAt ? formatDateTime(d.publishedAt, i18n.language) : '—'}
            </Descriptions.Item>
            {d.correctsId && (
              <Descriptions.Item label={t('disclosures.corrects')}>
                {original ? (
                  <Typography.Link onClick={() => onOpen(original)}>
                    {original.title ?? original.subject}
                  </Typography.Link>
                ) : (
                  <span className="mono">{d.correctsId}</span>
                )}
              </Descriptions.Item>
            )}
            {d.ledgerIndex !== null && (
              <Descriptions.Item label={t('fields.ledgerIndex')}>
                <Typography.Link href={ledgerEntryUrl(d.ledgerIndex)} target="_blank" data-testid="disclosure-ledger">
                  #{d.ledgerIndex}
                </Typography.Link>
              </Descriptions.Item>
            )}
            {d.bodySha256 && (
              <Descriptions.Item label={t('disclosures.sha256')}>
                <Typography.Text copyable className="hash-text" data-testid="disclosure-sha256">
                  {d.bodySha256}
                </Typography.Text>
                <div className="muted" style={{ fontSize: 12 }}>
                  {t('disclosures.sha256Hint')}
                </div>
              </Descriptions.Item>
            )}
          </Descriptions>

          {d.publishedAt ? (
            <>
              <Typography.Title level={5} style={{ marginTop: 20 }} data-testid="disclosure-title-text">
                {d.title}
              </Typography.Title>
              <div className="disclosure-body" data-testid="disclosure-body-text">
                {d.body}
              </div>
              <Typography.Title level={5} style={{ marginTop: 20 }}>
                {t('disclosures.figures')}
              </Typography.Title>
              <Descriptions column={{ xs: 1, sm: 3 }} size="small" bordered layout="vertical">
                {figures.map(([k, v]) => (
                  <Descriptions.Item key={k} label={figureLabel(k)}>
                    <Figure name={k} value={v} />
                  </Descriptions.Item>
                ))}
              </Descriptions>
            </>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(`disclosures.status.${d.status}`)} />
          )}
        </div>
      )}
    </Drawer>
  );
}
