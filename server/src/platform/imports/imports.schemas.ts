// The contract of an Excel import: its progress record and the shape of a bad row, shared by every import.
import { z } from 'zod';

export const importRowErrorSchema = z.object({
  row: z.number().int(),
  field: z.string().optional(),
  /** The column header as it stands in the uploaded file. */
  column: z.string().optional(),
  code: z.string(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof importRowErrorSchema>;

export const importStatusValues = ['validating', 'importing', 'done', 'failed'] as const;

export const importViewSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  status: z.enum(importStatusValues),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  createdCount: z.number().int(),
  errors: z.array(importRowErrorSchema),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportView = z.infer<typeof importViewSchema>;
