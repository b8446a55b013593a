// Builds what online giving needs from the deployment: the payment providers (local always; WeChat Pay and Alipay
// from the payments file) and the giving rules.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { type DonationRules, defaultDonationRules } from './donations.service';
import type { GivingRuntime } from './giving';
import { createPaymentProviders, type PaymentProviderDeps, paymentsConfigSchema } from './payments/payment-providers';

/** The local provider's secret, derived from the master key (every instance agrees, nothing extra to store). */
export function deriveLocalPaymentKey(master: Buffer): string {
  return Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), 'boai/payments/local/v1', 32)).toString(
    'base64url',
  );
}

/** Reads the real providers' settings ({ wechat?, alipay? }) from a JSON file; throws with every problem listed. */
export function readPaymentsFile(file: string): Record<string, unknown> {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (parsed === null || typeof parsed !== 'object' || 'local' in parsed) {
    throw new Error(`${file}: expected an object with "wechat" and/or "alipay" (the local provider needs no settings)`);
  }
  return parsed;
}

export function createGivingRuntime(opts: {
  master: Buffer;
  publicUrl: string;
  rules?: Partial<DonationRules>;
  /** Settings of the real providers ({ wechat?, alipay? }), as in the payments file. */
  providers?: Record<string, unknown>;
  /**
   * The built-in local checkout (no money moves): on for demos and tests, OFF in production — its gifts would go
   * into the real ledger with nothing behind them.
   */
  localPayments?: boolean;
  deps?: PaymentProviderDeps;
}): GivingRuntime {
  const localKey = deriveLocalPaymentKey(opts.master);
  const config = paymentsConfigSchema.safeParse({
    ...opts.providers,
    local: { key: localKey, checkoutBaseUrl: opts.publicUrl },
  });
  if (!config.success) {
    const lines = config.error.issues.map((i) => `  payments.${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid payment settings:\n${lines.join('\n')}`);
  }
  if (config.data.wechat && !opts.publicUrl.startsWith('https://')) {
    // WeChat Pay refuses an order whose notify_url is not https: say so at start-up, not at every order.
    throw new Error(
      `Invalid payment settings:\n  payments.wechat: WeChat Pay needs an https public URL, got ${opts.publicUrl}`,
    );
  }
  const providers = createPaymentProviders(config.data, opts.deps);
  if (opts.localPayments === false) {
    providers.delete('local');
  }
  return {
    providers,
    localKey,
    publicUrl: opts.publicUrl,
    rules: { ...defaultDonationRules, ...opts.rules },
  };
}
