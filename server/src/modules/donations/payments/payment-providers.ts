// The configured payment providers by channel: local always (demos, tests, offline branches), WeChat Pay and Alipay
// when their merchant credentials are configured. config.ts reads the environment and hands the object over.
import { z } from 'zod';
import { createAlipayProvider } from './alipay';
import { createFetchTransport, type HttpTransport } from './http-transport';
import { createLocalProvider } from './local-provider';
import type { PaymentChannel, PaymentProvider } from './payment-provider';
import { loadRsaPrivateKey, loadRsaPublicKey } from './rsa-keys';
import { createWechatPayProvider } from './wechat-pay-v3';

// Keys often arrive through environment variables with their newlines written as '\n'.
const pemText = z
  .string()
  .trim()
  .min(1)
  .transform((text) => text.replaceAll('\\n', '\n'));

const privateKeySchema = pemText.refine((text) => loads(() => loadRsaPrivateKey(text)), {
  message: 'must be an RSA private key (PEM or base64 PKCS#8) of at least 2048 bits',
});
const publicKeySchema = pemText.refine((text) => loads(() => loadRsaPublicKey(text)), {
  message: 'must be an RSA public key or certificate (PEM or base64) of at least 2048 bits',
});

function loads(load: () => unknown): boolean {
  try {
    load();
    return true;
  } catch {
    return false;
  }
}

export const paymentsConfigSchema = z.object({
  local: z.object({
    /** HMAC secret of the local checkout links and callbacks. */
    key: z.string().min(32, 'must be at least 32 characters'),
    /** Our public origin; the local checkout page is `${checkoutBaseUrl}/pay/local/:orderNo`. */
    checkoutBaseUrl: z.url(),
  }),
  wechat: z
    .object({
      mchid: z.string().regex(/^\d{6,32}$/, 'must be the numeric 商户号'),
      appid: z.string().min(1).max(32),
      merchantSerialNo: z.string().regex(/^[0-9A-Fa-f]{8,64}$/, 'must be the merchant certificate serial (hex)'),
      merchantPrivateKeyPem: privateKeySchema,
      /** The WeChat Pay public key ('PUB_KEY_ID_…') and/or platform certificates by serial; two during a rotation. */
      platformKeys: z.array(z.object({ id: z.string().min(1), publicKeyPem: publicKeySchema })).min(1),
      apiV3Key: z.string().refine((key) => Buffer.byteLength(key, 'utf8') === 32, 'must be 32 bytes'),
      apiBase: z.url().optional(),
      h5AppName: z.string().optional(),
      h5AppUrl: z.url().optional(),
    })
    .optional(),
  alipay: z
    .object({
      appId: z.string().regex(/^\d{16}$/, 'must be the 16-digit APPID'),
      appPrivateKeyPem: privateKeySchema,
      alipayPublicKeyPem: publicKeySchema,
      gatewayUrl: z.url().optional(),
      sellerId: z
        .string()
        .regex(/^2088\d{12}$/, 'must be the 16-digit PID starting with 2088')
        .optional(),
    })
    .optional(),
});

/** Input as config.ts passes it (escaped newlines allowed), and the validated result. */
export type PaymentsConfigInput = z.input<typeof paymentsConfigSchema>;
export type PaymentsConfig = z.output<typeof paymentsConfigSchema>;

/** What the providers need besides configuration: transports to WeChat and Alipay (fetch by default) and a clock. */
export type PaymentProviderDeps = {
  wechatTransport?: HttpTransport;
  alipayTransport?: HttpTransport;
  now?: () => Date;
};

/** Builds one provider per configured channel; 'local' is always present. Keys are loaded (and checked) here. */
export function createPaymentProviders(
  config: PaymentsConfig,
  deps: PaymentProviderDeps = {},
): Map<PaymentChannel, PaymentProvider> {
  const providers = new Map<PaymentChannel, PaymentProvider>();
  providers.set('local', createLocalProvider({ ...config.local, now: deps.now }));
  if (config.wechat) {
    providers.set(
      'wechat',
      createWechatPayProvider({
        ...config.wechat,
        transport: deps.wechatTransport ?? createFetchTransport(),
        now: deps.now,
      }),
    );
  }
  if (config.alipay) {
    providers.set(
      'alipay',
      createAlipayProvider({
        ...config.alipay,
        transport: deps.alipayTransport ?? createFetchTransport(),
        now: deps.now,
      }),
    );
  }
  return providers;
}
