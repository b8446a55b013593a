// Public HTTP routes of the transparency log: the latest signed checkpoint, the log key, entries with inclusion proofs
// and consistency proofs. Anyone may read them; verifying needs only these answers and the verifier key.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorBodySchema } from '../../platform/errors';
import {
  ledgerConsistencyQuerySchema,
  ledgerConsistencyViewSchema,
  ledgerEntryParamsSchema,
  ledgerEntryQuerySchema,
  ledgerEntryViewSchema,
  ledgerKeyViewSchema,
} from './ledger.schemas';
import { getConsistencyProof, getInclusionProof, getLatestCheckpointNote } from './ledger.service';
import type { LedgerKey } from './ledger-key';

const access = { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } } as const;

export const ledgerRoutes =
  ({ db, key }: { db: Db; key: LedgerKey }): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/ledger/checkpoint',
      {
        config: access,
        schema: {
          tags: ['ledger'],
          summary: 'The latest signed checkpoint (C2SP tlog-checkpoint note, text/plain)',
          response: { 200: z.string(), 404: errorBodySchema },
        },
      },
      async (_req, reply) => reply.type('text/plain; charset=utf-8').send(await getLatestCheckpointNote(db)),
    );

    app.get(
      '/ledger/key',
      {
        config: access,
        schema: {
          tags: ['ledger'],
          summary: 'The log origin and verifier key',
          response: { 200: ledgerKeyViewSchema },
        },
      },
      async () => ({ origin: key.origin, verifierKey: key.verifierKey }),
    );

    app.get(
      '/ledger/entries/:index',
      {
        config: access,
        schema: {
          tags: ['ledger'],
          summary: 'One entry with its inclusion proof',
          params: ledgerEntryParamsSchema,
          querystring: ledgerEntryQuerySchema,
          response: { 200: ledgerEntryViewSchema, 400: errorBodySchema, 404: errorBodySchema },
        },
      },
      (req) => getInclusionProof(db, req.params.index, req.query.treeSize),
    );

    app.get(
      '/ledger/consistency',
      {
        config: access,
        schema: {
          tags: ['ledger'],
          summary: 'A consistency proof between two tree sizes',
          querystring: ledgerConsistencyQuerySchema,
          response: { 200: ledgerConsistencyViewSchema, 400: errorBodySchema },
        },
      },
      (req) => getConsistencyProof(db, req.query.from, req.query.to),
    );
  };
