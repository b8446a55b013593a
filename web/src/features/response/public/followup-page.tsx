// /response/followup/:token: the message a responder gets some time after an emergency (link in the SMS): how are
// you, were you hurt, would you like to talk to a counsellor; the answers are recorded once and shown back.
import { CheckCircleFilled, PhoneOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Input, Radio, Spin } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { PublicShell } from '../../../components/public-shell';
import { type FollowupAnswers, useAnswerFollowup, useFollowup, type Wellbeing } from '../api';
import '../components/response.css';

const wellbeings: Wellbeing[] = ['fine', 'shaken', 'struggling'];

export function FollowupPage() {
  const { t } = useTranslation('response');
  const { message } = App.useApp();
  const { token = '' } = useParams();
  const followup = useFollowup(token);
  const answer = useAnswerFollowup(token);
  const [draft, setDraft] = useState<FollowupAnswers>({
    wellbeing: 'fine',
    wantsCounselling: false,
    injured: false,
    comment: '',
  });
  const f = followup.data;
  const hotline = f?.counsellingPhone ? (
    <a href={`tel:${f.counsellingPhone}`} className="rs-muted">
      <PhoneOutlined /> {t('followup.hotline', { phone: f.counsellingPhone })}
    </a>
  ) : null;

  return (
    <PublicShell>
      <div className="rs-page" data-testid="followup-page">
        <h1 className="rs-title">{t('followup.title')}</h1>
        {followup.isLoading ? <Spin style={{ display: 'block', marginTop: 24 }} /> : null}
        {followup.error ? <Alert type="error" showIcon title={t('followup.notFound')} /> : null}
        {f ? <p className="rs-lead">{t('followup.lead', { number: f.emergencyNumber })}</p> : null}
        {f?.answers ? (
          <section className="rs-card" data-testid="followup-answered">
            <h2>
              <CheckCircleFilled style={{ color: '#52c41a' }} /> {t('followup.thanks')}
            </h2>
            <p>
              {t('followup.wellbeing')} <strong>{t(`followup.${f.answers.wellbeing}`)}</strong>
            </p>
            {f.answers.injured ? <p>{t('followup.injured')}</p> : null}
            {f.answers.wantsCounselling ? <p>{t('followup.counselling')}</p> : null}
            {f.answers.comment ? <p className="rs-muted">{f.answers.comment}</p> : null}
            {hotline}
          </section>
        ) : null}
        {f && !f.answers ? (
          <section className="rs-card">
            <h2>{t('followup.wellbeing')}</h2>
            <Radio.Group
              value={draft.wellbeing}
              onChange={(e) => setDraft({ ...draft, wellbeing: e.target.value })}
              style={{ display: 'flex', flexDirection: 'column', gap: 10, marginBottom: 14 }}
              data-testid="followup-wellbeing"
            >
              {wellbeings.map((w) => (
                <Radio key={w} value={w} style={{ fontSize: 16 }}>
                  {t(`followup.${w}`)}
                </Radio>
              ))}
            </Radio.Group>
            <div style={{ display: 'flex', flexDirection: 'column', gap: 10, marginBottom: 14 }}>
              <Checkbox checked={draft.injured} onChange={(e) => setDraft({ ...draft, injured: e.target.checked })}>
                {t('followup.injured')}
              </Checkbox>
              <Checkbox
                checked={draft.wantsCounselling}
                onChange={(e) => setDraft({ ...draft, wantsCounselling: e.target.checked })}
                data-testid="followup-counselling"
              >
                {t('followup.counselling')}
              </Checkbox>
            </div>
            <Input.TextArea
              rows={3}
              maxLength={1000}
              placeholder={t('followup.comment')}
              value={draft.comment}
              onChange={(e) => setDraft({ ...draft, comment: e.target.value })}
            />
            <Button
              type="primary"
              danger
              block
              className="rs-big"
              style={{ marginTop: 14 }}
              loading={answer.isPending}
              onClick={() => answer.mutate(draft, { onError: (e) => message.error(e.message) })}
              data-testid="followup-submit"
            >
              {t('followup.submit')}
            </Button>
            <div style={{ marginTop: 12 }}>{hotline}</div>
          </section>
        ) : null}
      </div>
    </PublicShell>
  );
}
