// /k/:code — a first-aid kit's sticker page for anyone: where it is, what it holds with expiry dates, and a form to
// report that it was used (the holder is told to refill it).
import { Alert, Button, Card, Form, Input, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PublicShell } from '../../../components/public-shell';
import { usePublicKit, useReportKitUsage } from '../points/api';
import '../points/points.css';
import { KitMap } from './kit-map';
import { KitItems } from './my-kits-page';

export function KitPage() {
  const { t } = useTranslation('memberPoints');
  const { code = '' } = useParams();
  const kit = usePublicKit(code);
  const report = useReportKitUsage(code);
  if (kit.isPending) {
    return (
      <PublicShell>
        <Spin />
      </PublicShell>
    );
  }
  if (kit.error) {
    return (
      <PublicShell>
        <Result status="404" title={kit.error.message} />
      </PublicShell>
    );
  }
  const k = kit.data;
  return (
    <PublicShell>
      <div className="mp-page">
        <Alert type="error" showIcon title={t('kits.call')} style={{ marginBottom: 12 }} />
        <Card size="small" className="mp-card" title={`${t('kits.publicTitle')} ${k.code}`}>
          <div>{k.placeName}</div>
          <div className="mp-entry-meta">
            {t('kits.unit')}: {k.orgName}
          </div>
          {k.lat !== null && k.lng !== null ? (
            <KitMap
              markers={[
                { id: k.code, position: { lat: k.lat, lng: k.lng }, label: '急救包', tooltip: k.placeName ?? k.code },
              ]}
              height={180}
            />
          ) : null}
          <h4>{t('kits.items')}</h4>
          <KitItems items={k.items} />
        </Card>
        <Card size="small" className="mp-card" title={t('kits.usedTitle')}>
          {report.data ? (
            <Alert type="success" showIcon title={t('kits.reported')} />
          ) : (
            <Form
              layout="vertical"
              onFinish={(v: { itemsUsed: string; reporter?: string }) =>
                report.mutate({ itemsUsed: v.itemsUsed, reporter: v.reporter || undefined })
              }
            >
              <Form.Item name="itemsUsed" label={t('kits.itemsUsed')} rules={[{ required: true }]}>
                <Input.TextArea rows={2} maxLength={300} />
              </Form.Item>
              <Form.Item name="reporter" label={t('kits.reporter')}>
                <Input maxLength={40} />
              </Form.Item>
              {report.error ? (
                <Alert type="error" showIcon title={report.error.message} style={{ marginBottom: 8 }} />
              ) : null}
              <Button type="primary" htmlType="submit" loading={report.isPending} block>
                {t('kits.report')}
              </Button>
            </Form>
          )}
        </Card>
      </div>
    </PublicShell>
  );
}
