// /memorial/:id: one donor's memorial on a phone — photo, years, biography and the family's words, flowers (one a
// day), the approved messages and a message box (messages appear only after a moderator approves them).
import { ArrowLeftOutlined, HeartOutlined } from '@ant-design/icons';
import { Alert, App, Button, Empty, Form, Input, Result, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../../../app/api-client';
import { PublicShell } from '../../../../components/public-shell';
import { useLeaveFlower, useLeaveMessage, useMemorialPage } from '../../organ/api';
import { MemorialPhoto, memorialYears } from './memorial-wall-page';
import '../../organ/components/organ.css';
import { formatDate } from '../../../../lib/china-time';

export function MemorialPage() {
  const { t, i18n } = useTranslation('organ');
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const page = useMemorialPage(id);
  const flower = useLeaveFlower(id);
  const leave = useLeaveMessage(id);
  const [flowered, setFlowered] = useState(false);
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ authorName: string; body: string }>();

  if (page.isLoading) {
    return (
      <PublicShell>
        <Spin style={{ display: 'block', marginTop: 64 }} />
      </PublicShell>
    );
  }
  if (!page.data) {
    return (
      <PublicShell>
        <Result status="404" title={t('memorial.empty')} extra={<Link to="/memorial">{t('memorial.back')}</Link>} />
      </PublicShell>
    );
  }
  const m = page.data.memorial;
  return (
    <PublicShell>
      <div className="organ-page">
        <Link to="/memorial" className="organ-muted">
          <ArrowLeftOutlined /> {t('memorial.back')}
        </Link>
        <div className="memorial-hero" style={{ marginTop: 8 }}>
          <MemorialPhoto m={m} large />
          <div className="memorial-name" style={{ fontSize: 22 }} data-testid="memorial-name">
            {m.name}
          </div>
          <div className="organ-muted">
            {memorialYears(m)} · {m.donationKind === 'organ' ? t('memorial.kindOrgan') : t('memorial.kindBody')} ·{' '}
            {m.orgName}
          </div>
          <div className="memorial-counts">
            <span data-testid="memorial-flowers">{t('memorial.flowers', { n: m.flowerCount })}</span>
            <span>{t('memorial.visits', { n: m.visitCount })}</span>
            <span>{t('memorial.messages', { n: m.messageCount })}</span>
          </div>
          <Button
            type="primary"
            size="large"
            shape="round"
            icon={<HeartOutlined />}
            disabled={flowered}
            loading={flower.isPending}
            onClick={async () => {
              try {
                await flower.mutateAsync();
                setFlowered(true);
              } catch (e) {
                if (isApiError(e) && e.code === 'MEMORIAL_FLOWER_LIMIT') {
                  setFlowered(true);
                }
                message.info(isApiError(e) ? e.message : String(e));
              }
            }}
            data-testid="memorial-flower"
          >
            {flowered ? t('memorial.flowered') : t('memorial.flower')}
          </Button>
        </div>
        <div className="organ-card">
          <h3>{t('memorial.biography')}</h3>
          <div className="memorial-bio">{m.biography}</div>
        </div>
        {m.familyWords && (
          <div className="organ-card">
            <h3>{t('memorial.family')}</h3>
            <div className="memorial-bio">{m.familyWords}</div>
          </div>
        )}
        <div className="organ-card" data-testid="memorial-messages">
          <h3>{t('memorial.messages', { n: page.data.messages.length })}</h3>
          {page.data.messages.length === 0 && (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('memorial.noMessages')} />
          )}
          {page.data.messages.map((msg) => (
            <div key={msg.id} className="memorial-message">
              <div>{msg.body}</div>
              <div className="organ-muted">
                {msg.authorName} · {formatDate(msg.createdAt, i18n.language)}
              </div>
            </div>
          ))}
        </div>
        <div className="organ-card">
          <h3>{t('memorial.leaveMessage')}</h3>
          {sent ? (
            <Alert type="success" showIcon title={t('memorial.held')} data-testid="memorial-held" />
          ) : (
            <Form
              form={form}
              layout="vertical"
              size="large"
              requiredMark={false}
              onFinish={async (v) => {
                setError(null);
                try {
                  await leave.mutateAsync({ authorName: v.authorName.trim(), body: v.body.trim() });
                  setSent(true);
                  form.resetFields();
                } catch (e) {
                  setError(isApiError(e) ? e.message : String(e));
                }
              }}
            >
              <Form.Item name="authorName" label={t('memorial.yourName')} rules={[{ required: true }]}>
                <Input maxLength={20} data-testid="memorial-author" />
              </Form.Item>
              <p className="organ-muted">{t('memorial.messageHint')}</p>
              <Form.Item name="body" label={t('memorial.message')} rules={[{ required: true }]}>
                <Input.TextArea rows={3} showCount maxLength={300} data-testid="memorial-body" />
              </Form.Item>
              {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
              <Button type="primary" htmlType="submit" block loading={leave.isPending} data-testid="memorial-send">
                {t('memorial.send')}
              </Button>
            </Form>
          )}
        </div>
      </div>
    </PublicShell>
  );
}
