// Real ledger material captured from a Boai server (demo data): a named and an anonymous online gift, their entries
// with inclusion proofs at tree size 174, two signed checkpoints and the consistency proof between them.
// The trace checks are tested against these exact bytes and signatures, and against copies altered one field at a time.

import type { LedgerEntryView, LedgerKeyView } from '../../../../server/src/modules/ledger/ledger.schemas';
import type { DonorDonation } from './api';

type CapturedGift = { gift: Omit<DonorDonation, 'certificateUrl'>; entry: LedgerEntryView };
export type TrailFixture = {
  key: LedgerKeyView;
  oldNote: string;
  newNote: string;
  consistencyProof: string[];
  named: CapturedGift;
  anonymous: CapturedGift;
};

export const trailFixture: TrailFixture = {
  key: {
    origin: 'boai.local/ledger',
    verifierKey: 'boai.local/ledger+bc1c8794+AeesN8FzzrW7cF+w5hxW1+9m4XfH7nM41yH/bpjgVF3Y',
    witnesses: [],
  },
  oldNote:
    'boai.local/ledger\n173\n/dxnT6NFAEnSdKJd3BcWnMCSuQdoROq7H6f/zyCph2A=\n\n— boai.local/ledger vByHlDpVEuoUqZqhPOqebdrRq2DaV1WFLAAqkg0WJo52r0PfweLkeUh3tDYKVb7cm762x/PjFf8YrESwPydIRI7fqwg=\n',
  newNote:
    'boai.local/ledger\n174\n2Mc332ovAwXTWKFxEzfu9DWq6wV65XpXzWd740edvgQ=\n\n— boai.local/ledger vByHlJPXwWgBUQaxMT2wag7GKLCwW8go5LjSUxHCQEVrBGc7DGdSgPVOzS6Vo0vhZOAzKP3LUumTRAs1vCRZGrIK+Aw=\n',
  consistencyProof: [
    'Ii4HqC/WfMhzvtUWzA3c3NvvyGoTUUFNwkmCyT1XC54=',
    'fqRcf12GnpFLT7y1qvVQysQ28IhQ8MRuqcZLGtPoth4=',
    'Tgl2cs/hhjvlwxpnQDtCfCqtso/KatK8uAVOLStSKg0=',
    'HvyMeQc0iTW3JoTnUp5B6HhS2711xKzBfy+mHbXj7fA=',
    '6/MdGmdZDX8OHCfBPxm8TLOI/eYF4mVp1IhQFFaR59o=',
    'EjTtaOVZGS2wVjzS5v4qJ84uk2C3AMBW44PsahRo+OI=',
  ],
  named: {
    gift: {
      donationNo: 'D20261124DB8Z95S936',
      projectCode: 'ZJ-ELDERLY',
      projectName: '诸暨博爱助老',
      orgName: '诸暨市',
      channel: 'local',
      amountFen: 5000,
      displayName: '欧**月',
      message: null,
      intent: 'restricted',
      receivedAt: '2026-11-23T22:31:46.074Z',
      ledgerIndex: 172,
      isRefunded: false,
      unspentFen: 5000,
      spends: [],
      moves: [],
      donorName: '欧阳明月',
      salt: 'oykfVdZc8ZABcRnvJat7Rg',
      commitment: '39dd9bc4f989314d4df3c9aa2699df3bbec2961164ce6603c04e5fc60657aad0',
    },
    entry: {
      index: 172,
      kind: 'donation.received',
      leaf: '{"amountFen":5000,"at":"2026-11-23T22:31:46.074Z","channel":"local","currency":"CNY","donor":"39dd9bc4f989314d4df3c9aa2699df3bbec2961164ce6603c04e5fc60657aad0","donorKind":"person","fund":6,"intent":"restricted","kind":"donation.received","project":"ZJ-ELDERLY","ref":"D20261124DB8Z95S936","unit":"330681","v":1}',
      leafHash: 'Ii4HqC/WfMhzvtUWzA3c3NvvyGoTUUFNwkmCyT1XC54=',
      treeSize: 174,
      inclusionProof: [
        'fqRcf12GnpFLT7y1qvVQysQ28IhQ8MRuqcZLGtPoth4=',
        'Tgl2cs/hhjvlwxpnQDtCfCqtso/KatK8uAVOLStSKg0=',
        'HvyMeQc0iTW3JoTnUp5B6HhS2711xKzBfy+mHbXj7fA=',
        '6/MdGmdZDX8OHCfBPxm8TLOI/eYF4mVp1IhQFFaR59o=',
        'EjTtaOVZGS2wVjzS5v4qJ84uk2C3AMBW44PsahRo+OI=',
      ],
    },
  },
  anonymous: {
    gift: {
      donationNo: 'D20261124VJPNANT9S3',
      projectCode: 'ZJ-ELDERLY',
      projectName: '诸暨博爱助老',
      orgName: '诸暨市',
      channel: 'local',
      amountFen: 5000,
      displayName: '爱心人士',
      message: null,
      intent: 'restricted',
      receivedAt: '2026-11-23T22:32:40.420Z',
      ledgerIndex: 173,
      isRefunded: false,
      unspentFen: 5000,
      spends: [],
      moves: [],
      donorName: null,
      salt: 'vz5L3IopZo_TISDY2Pdb6A',
      commitment: '3f65dd550b8842c110279e6b3daf816699733a715edebc2cf6936f6a1c58733a',
    },
    entry: {
      index: 173,
      kind: 'donation.received',
      leaf: '{"amountFen":5000,"at":"2026-11-23T22:32:40.420Z","channel":"local","currency":"CNY","donor":"3f65dd550b8842c110279e6b3daf816699733a715edebc2cf6936f6a1c58733a","donorKind":"person","fund":6,"intent":"restricted","kind":"donation.received","project":"ZJ-ELDERLY","ref":"D20261124VJPNANT9S3","unit":"330681","v":1}',
      leafHash: 'fqRcf12GnpFLT7y1qvVQysQ28IhQ8MRuqcZLGtPoth4=',
      treeSize: 174,
      inclusionProof: [
        'Ii4HqC/WfMhzvtUWzA3c3NvvyGoTUUFNwkmCyT1XC54=',
        'Tgl2cs/hhjvlwxpnQDtCfCqtso/KatK8uAVOLStSKg0=',
        'HvyMeQc0iTW3JoTnUp5B6HhS2711xKzBfy+mHbXj7fA=',
        '6/MdGmdZDX8OHCfBPxm8TLOI/eYF4mVp1IhQFFaR59o=',
        'EjTtaOVZGS2wVjzS5v4qJ84uk2C3AMBW44PsahRo+OI=',
      ],
    },
  },
};
