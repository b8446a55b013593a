// Outbox text (namespace "outbox").

export const zh = {
  title: '消息发件箱',
  filters: { status: '状态', channel: '渠道' },
  columns: {
    createdAt: '创建时间',
    channel: '渠道',
    template: '模板',
    recipient: '收件人',
    body: '内容',
    status: '状态',
    attempts: '尝试次数',
    lastError: '最近错误',
    sentAt: '发送时间',
  },
  statuses: { pending: '待发送', sending: '发送中', sent: '已发送', dead: '已放弃' },
  channels: { sms: '短信', email: '邮件' },
};

export const en: typeof zh = {
  title: 'Message outbox',
  filters: { status: 'Status', channel: 'Channel' },
  columns: {
    createdAt: 'Created',
    channel: 'Channel',
    template: 'Template',
    recipient: 'Recipient',
    body: 'Body',
    status: 'Status',
    attempts: 'Attempts',
    lastError: 'Last error',
    sentAt: 'Sent',
  },
  statuses: { pending: 'Pending', sending: 'Sending', sent: 'Sent', dead: 'Given up' },
  channels: { sms: 'SMS', email: 'Email' },
};
