// Delivery adapters behind one interface: dev (kept in the outbox for the admin page), SMTP e-mail, and SMS providers.
import nodemailer from 'nodemailer';

export type OutgoingMessage = {
  channel: 'sms' | 'email';
  to: string;
  subject: string | null;
  body: string;
  id: string;
};
export type DeliveryAdapter = { name: string; deliver(message: OutgoingMessage): Promise<void> };

/** Nothing leaves the machine: the message stays in the outbox, marked delivered, readable on the outbox page. */
export const devAdapter: DeliveryAdapter = { name: 'dev', deliver: async () => {} };

/** An SMS gateway (Aliyun, Tencent Cloud…): one implementation per provider, chosen by configuration. */
export type SmsProvider = { name: string; send(phoneE164: string, text: string, messageId: string): Promise<void> };

export function smtpAdapter(url: string, from: string, sms?: SmsProvider): DeliveryAdapter {
  const transport = nodemailer.createTransport(url);
  return {
    name: 'smtp',
    async deliver(message) {
      if (message.channel === 'sms') {
        if (!sms) {
          throw new Error('no SMS provider configured');
        }
        await sms.send(message.to, message.body, message.id);
        return;
      }
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject ?? '',
        text: message.body,
        messageId: `<${message.id}@boai>`,
      });
    },
  };
}
