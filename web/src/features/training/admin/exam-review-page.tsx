// 考试复核 (training:manage): theory exam attempts flagged as suspicious — one device used by different learners of
// a class on one day, or a submission faster than anyone can answer — with the learner, class, time taken and score;
// an administrator clears the attempt (its result counts) or voids it (it does not count as passed), with a note.
import { App, Button, Card, Form, Input, Modal, Segmented, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewPage } from '../../../../../server/src/modules/training/training-exams.schemas';
import { usePaging } from '../../../components/paging';
import { formatDateMinute } from '../../../lib/china-time';
import { useDecideReview, useReviews } from '../exams-api';

type Item = ReviewPage['items'][number];
const chinaMinute = (iso: string) => formatDateMinute(iso, 'zh');

function DecideDialog({ item, decision, onClose }: { item: Item; decision: 'clear' | 'void'; onClose: () => void }) {
  const { t } = useTranslation('trainingExams');
  const { message } = App.useApp();
  const decide = useDecideReview();
  const [form] = Form.useForm<{ note: string }>();
  return (
    <Modal
      open
      title={`${t(decision === 'clear' ? 'review.clear' : 'review.void')} · ${item.learnerName}`}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ danger: decision === 'void' }}
      confirmLoading={decide.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          decide.mutate(
            { attemptId: item.id, input: { decision, note: v.note } },
            {
              onSuccess: () => {
                void message.success(t('review.decided'));
                onClose();
              },
              onError: (e) => void message.error(e.message),
            },
          )
        }
      >
        <Form.Item name="note" label={t('review.note')} rules={[{ required: true, min: 2, max: 500 }]}>
          <Input.TextArea autoSize={{ minRows: 2 }} placeholder={t('review.notePlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function ExamReviewPage() {
  const { t } = useTranslation('trainingExams');
  const [review, setReview] = useState<'pending' | 'cleared' | 'voided'>('pending');
  const { page, pageSize, setPage, pagination } = usePaging(20);
  const list = useReviews(review, page, pageSize);
  const [deciding, setDeciding] = useState<{ item: Item; decision: 'clear' | 'void' } | null>(null);
  return (
    <Card title={t('review.title')} data-testid="exam-review">
      <Typography.Paragraph type="secondary">{t('review.lead')}</Typography.Paragraph>
      <Segmented
        style={{ marginBottom: 12 }}
        value={review}
        onChange={(v) => {
          setReview(v as typeof review);
          setPage(1);
        }}
        options={[
          { value: 'pending', label: t('review.pending') },
          { value: 'cleared', label: t('review.cleared') },
          { value: 'voided', label: t('review.voided') },
        ]}
      />
      <Table<Item>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.items ?? []}
        pagination={pagination(list.data?.total ?? 0)}
        locale={{ emptyText: t('review.empty') }}
        scroll={{ x: 1100 }}
        columns={[
          {
            title: t('review.learner'),
            key: 'learner',
            width: 150,
            render: (_: unknown, r) => (
              <>
                <div>{r.learnerName}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.phoneMasked}
                </Typography.Text>
              </>
            ),
          },
          {
            title: t('review.cls'),
            key: 'class',
            width: 220,
            render: (_: unknown, r) => (
              <>
                <div>{r.classTitle}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }} className="mono">
                  {r.classNo}
                </Typography.Text>
              </>
            ),
          },
          {
            title: t('review.attempt'),
            key: 'attempt',
            width: 170,
            render: (_: unknown, r) => (
              <>
                <div>{t('exam.attemptNo', { n: r.attemptNo })}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {chinaMinute(r.startedAt)}
                </Typography.Text>
              </>
            ),
          },
          {
            title: t('review.flags'),
            dataIndex: 'flags',
            width: 200,
            render: (flags: Item['flags']) =>
              flags.map((f) => (
                <Tag color="orange" key={f.code} title={f.detail}>
                  {t(`review.flag.${f.code}`)}
                </Tag>
              )),
          },
          {
            title: t('review.duration'),
            dataIndex: 'durationSeconds',
            width: 110,
            render: (s: number | null, r) =>
              s === null ? '—' : `${t('review.seconds', { n: s })} / ${r.questionCount}`,
          },
          {
            title: t('review.score'),
            key: 'score',
            width: 90,
            render: (_: unknown, r) =>
              r.score === null ? (
                t('statuses.in_progress')
              ) : (
                <Tag color={r.isPassed ? 'green' : 'red'}>
                  {r.score}/{r.maxScore}
                </Tag>
              ),
          },
          {
            title: t('review.device'),
            dataIndex: 'deviceId',
            width: 120,
            render: (d: string | null, r) => (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} className="mono">
                {d ? `${d.slice(0, 8)}…` : '—'}
                {r.ip ? ` · ${r.ip}` : ''}
              </Typography.Text>
            ),
          },
          {
            key: 'actions',
            width: 160,
            fixed: 'right',
            render: (_: unknown, r) =>
              r.review === 'pending' ? (
                <Space>
                  <Button
                    size="small"
                    type="primary"
                    disabled={r.status === 'in_progress'}
                    onClick={() => setDeciding({ item: r, decision: 'clear' })}
                  >
                    {t('review.clear')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    disabled={r.status === 'in_progress'}
                    onClick={() => setDeciding({ item: r, decision: 'void' })}
                  >
                    {t('review.void')}
                  </Button>
                </Space>
              ) : (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.reviewNote}
                </Typography.Text>
              ),
          },
        ]}
      />
      {deciding && <DecideDialog {...deciding} onClose={() => setDeciding(null)} />}
    </Card>
  );
}
