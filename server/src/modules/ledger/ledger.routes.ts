// Public HTTP routes of the transparency log: the latest signed checkpoint (with witness cosignatures), the log key,
// entries with inclusion proofs, consistency proofs, C2SP tlog-tiles resources, an NDJSON export, and the door
// through which configured witnesses hand in their cosignatures. Verifying needs only these answers and the keys.
import { Readable } from 'node:stream';
import { parseVerifierKey, SIGNATURE_TYPE } from '@boai/tlog-verify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorBodySchema } from '../../platform/errors';
import {
  ledgerCheckpointParamsSchema,
  ledgerConsistencyQuerySchema,
  ledgerConsistencyViewSchema,
  ledgerCosignatureInputSchema,
  ledgerCosignatureViewSchema,
  ledgerEntryParamsSchema,
  ledgerEntryQuerySchema,
  ledgerEntryViewSchema,
  ledgerExportQuerySchema,
  ledgerKeyViewSchema,
  ledgerTileParamsSchema,
} from './ledger.schemas';
import {
  exportEntries,
  getCheckpointNote,
  getConsistencyProof,
  getInclusionProof,
  getLatestCheckpointNote,
  getTileResource,
  submitCosignature,
} from './ledger.service';
import type { LedgerKey } from './ledger-key';

const access = { access: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } } as const;
// Tiles are small, immutable and fetched many at a time by proof-building clients.
const tileAccess = { access: 'public', rateLimit: { max: 600, timeWindow: '1 minute' } } as const;
const heavyAccess = { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } } as const;

// Bodies sent as bytes or a stream: Fastify writes them as they are, the schema only documents them.
const binarySchema = z.custom<Buffer>((value) => Buffer.isBuffer(value));
const streamSchema = z.custom<Readable>((value) => value instanceof Readable);

const textPlain = 'text/plain; charset=utf-8';
// tlog-checkpoint: the checkpoint changes, so caches may keep it a few seconds only.
const checkpointCache = 'public, max-age=5';
const fullTileCache = 'public, max-age=31536000, immutable';
const partialTileCache = 'public, max-age=60';

export const ledgerRoutes =
  ({ db, key }: { db: Db; key: LedgerKey }): FastifyPluginAsyncZod =>
  async (app) => {
    // Parsed once at start-up, so a mistyped witness key stops the server instead of silently accepting nobody.
    const witnesses = (key.witnesses ?? []).map((vkey) => {
      const parsed = parseVerifierKey(vkey);
      if (parsed.type !== SIGNATURE_TYPE.cosignatureV1) {
        throw new Error(`witness key ${parsed.name} is not a tlog-cosignature/v1 key (type 0x04)`);
      }
      return parsed;
    });

    app.get(
      '/ledger/checkpoint',
      {
        config: access,
        schema: {
          tags: ['ledger'],
          summary: 'The latest signed checkpoint with witness cosignatures (C2SP tlog-checkpoint note, text/plain)',
          response: { 200: z.string(), 404: errorBodySchema },
        },
      },
      async (_req, reply) =>
        reply
          .type(textPlain)
          .header('cache-control', checkpointCache)
          .send(await getLatestCheckpointNote(db)),
    );

    app.get(
      '/ledger/checkpoints/:size',
      {
        config: access,
        schema: {
          tags: ['ledger'],
          summary: 'The checkpoint of one tree size with its witness cosignatures (text/plain)',
          params: ledgerCheckpointParamsSchema,
          response: { 200: z.string(), 400: errorBodySchema, 404: errorBodySchema },
        },
      },
      async (req, reply) => reply.type(textPlain).send(await getCheckpointNote(db, req.params.size)),
    );

    app.get(
      '/ledger/key',
      {
        config: access,
        schema: {
          tags: ['ledger'],
          summary: 'The log origin, its verifier key and the witnesses it accepts',
          response: { 200: ledgerKeyViewSchema },
        },
      },
      async () => ({ origin: key.origin, verifierKey: key.verifierKey, witnesses: [...(key.witnesses ?? [])] }),
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

    app.get(
      '/ledger/tile/*',
      {
        config: tileAccess,
        schema: {
          tags: ['ledger'],
          summary: 'C2SP tlog-tiles: a hash tile tile/<L>/<N>[.p/<W>] or an entry bundle tile/entries/<N>[.p/<W>]',
          params: ledgerTileParamsSchema,
          response: { 200: binarySchema.describe('application/octet-stream'), 404: errorBodySchema },
        },
      },
      async (req, reply) => {
        const tile = await getTileResource(db, req.params['*']);
        return reply
          .type('application/octet-stream')
          .header('cache-control', tile.isFull ? fullTileCache : partialTileCache)
          .send(Buffer.from(tile.bytes.buffer, tile.bytes.byteOffset, tile.bytes.byteLength));
      },
    );

    app.get(
      '/ledger/export',
      {
        config: heavyAccess,
        schema: {
          tags: ['ledger'],
          summary: 'Entries as NDJSON lines {"index","leaf","leafHash"} (at most 50,000 per request)',
          querystring: ledgerExportQuerySchema,
          response: { 200: streamSchema.describe('application/x-ndjson'), 400: errorBodySchema },
        },
      },
      async (req, reply) => {
        const lines = await exportEntries(db, req.query.from, req.query.to);
        return reply.type('application/x-ndjson; charset=utf-8').send(Readable.from(lines));
      },
    );

    app.post(
      '/ledger/cosignatures',
      {
        config: { access: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: ['ledger'],
          summary: "A witness's cosignature of a checkpoint (only configured witness keys are accepted)",
          body: ledgerCosignatureInputSchema,
          response: {
            201: ledgerCosignatureViewSchema,
            400: errorBodySchema,
            403: errorBodySchema,
            404: errorBodySchema,
          },
        },
      },
      async (req, reply) => reply.code(201).send(await submitCosignature(db, req.ctx, witnesses, req.body)),
    );
  };
