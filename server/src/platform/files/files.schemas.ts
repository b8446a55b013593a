// The stored-file contract.
import { z } from 'zod';

export const fileMetaSchema = z
  .object({ id: z.uuid(), name: z.string(), contentType: z.string(), sizeBytes: z.number().int(), sha256: z.string() })
  .meta({ id: 'StoredFile' });
export type FileMeta = z.infer<typeof fileMetaSchema>;
