// The payments configuration: what the schema accepts and refuses, and which providers it builds.
import { describe, expect, it } from 'vitest';
import type { HttpTransport } from './http-transport';
import { createPaymentProviders, type PaymentsConfigInput, paymentsConfigSchema } from './payment-providers';
import { rsaPair } from './provider-test-kit';

const merchant = rsaPair();
const platform = rsaPair();
const app = rsaPair();
const alipay = rsaPair();

/** As an environment variable carries a PEM: one line, newlines written as \n. */
const oneLine = (text: string) => text.trim().replaceAll('\n', '\\n');

const full: PaymentsConfigInput = {
  local: { key: 'a'.repeat(64), checkoutBaseUrl: 'https://boai.example.org' },
  wechat: {
    mchid: '1900009191',
    appid: 'wxd678efh567hg6787',
    merchantSerialNo: '1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C',
    merchantPrivateKeyPem: oneLine(merchant.privateKey),
    platformKeys: [{ id: 'PUB_KEY_ID_0119000091912025010100000000000001', publicKeyPem: oneLine(platform.publicKey) }],
    apiV3Key: 'Aa1Bb2Cc3Dd4Ee5Ff6Gg7Hh8Ii9Jj0Kk',
  },
  alipay: {
    appId: '2021000123456789',
    appPrivateKeyPem: app.privateKey,
    alipayPublicKeyPem: alipay.publicKey,
    sellerId: '2088102177846880',
  },
};

describe('paymentsConfigSchema', () => {
  it('accepts a full configuration and restores the newlines of one-line PEMs', () => {
    const config = paymentsConfigSchema.parse(full);
    expect(config.wechat?.merchantPrivateKeyPem).toBe(merchant.privateKey.trim());
    expect(config.wechat?.platformKeys[0].publicKeyPem).toContain('\n');
  });

  it('needs only the local provider', () => {
    expect(paymentsConfigSchema.parse({ local: full.local })).toEqual({ local: full.local });
  });

  it('names every problem of a wrong configuration', () => {
    const result = paymentsConfigSchema.safeParse({
      local: { key: 'short', checkoutBaseUrl: 'not a url' },
      wechat: { ...full.wechat, apiV3Key: 'x'.repeat(31), merchantPrivateKeyPem: 'garbage', platformKeys: [] },
      alipay: { ...full.alipay, alipayPublicKeyPem: oneLine(app.privateKey), appId: 'abc' },
    });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.')).sort();
    expect(paths).toEqual([
      'alipay.alipayPublicKeyPem',
      'alipay.appId',
      'local.checkoutBaseUrl',
      'local.key',
      'wechat.apiV3Key',
      'wechat.merchantPrivateKeyPem',
      'wechat.platformKeys',
    ]);
  });
});

describe('createPaymentProviders', () => {
  it('always builds the local provider, pointing at our checkout page', async () => {
    const providers = createPaymentProviders(paymentsConfigSchema.parse({ local: full.local }));
    expect([...providers.keys()]).toEqual(['local']);
    const checkout = await providers.get('local')?.createCheckout({
      orderNo: 'D20260301000001',
      amountFen: 100,
      description: '捐赠',
      expiresAt: new Date('2026-03-01T02:30:00Z'),
      notifyUrl: 'https://boai.example.org/n',
      returnUrl: 'https://boai.example.org/r',
    });
    expect(checkout).toMatchObject({ kind: 'redirect' });
    expect(checkout?.kind === 'redirect' && checkout.url).toMatch(
      /^https:\/\/boai\.example\.org\/pay\/local\/D20260301000001\?/,
    );
  });

  it('adds WeChat Pay and Alipay when configured, WeChat through the transport it is given', async () => {
    const calls: string[] = [];
    const transport: HttpTransport = async (request) => {
      calls.push(request.url);
      return { status: 500, headers: {}, body: '{"code":"SYSTEM_ERROR","message":"系统错误"}' };
    };
    const providers = createPaymentProviders(paymentsConfigSchema.parse(full), { wechatTransport: transport });
    expect([...providers.keys()]).toEqual(['local', 'wechat', 'alipay']);
    expect(providers.get('alipay')?.channel).toBe('alipay');
    const wechat = providers.get('wechat');
    await expect(
      wechat?.createCheckout({
        orderNo: 'D20260301000001',
        amountFen: 100,
        description: '捐赠',
        expiresAt: new Date('2026-03-01T02:30:00Z'),
        notifyUrl: 'https://boai.example.org/n',
        returnUrl: 'https://boai.example.org/r',
      }),
    ).rejects.toMatchObject({ name: 'PaymentGatewayError', code: 'SYSTEM_ERROR', status: 500 });
    expect(calls).toEqual(['https://api.mch.weixin.qq.com/v3/pay/transactions/native']);
  });
});
