// What the transparency index (kpi/kpi-transparency.ts) reads from the ledger's own tables: when each entry was first
// covered by a signed checkpoint (一天一公示). A KPI source: plain SQL over this module's tables.
import { sql } from 'drizzle-orm';
import { type Db, queryRows } from '../../db/client';

/**
 * For each ledger index, when the first signed checkpoint that includes it was made (null: none yet). Checkpoints
 * grow in size over time, so the smallest size above the index is the earliest.
 */
export async function firstCoveredAt(db: Db, indexes: number[]): Promise<Map<number, Date | null>> {
  const out = new Map<number, Date | null>();
  const unique = [...new Set(indexes)];
  for (let i = 0; i < unique.length; i += 5000) {
    const chunk = unique.slice(i, i + 5000);
    const rows = await queryRows<{ idx: number; at: string | Date | null }>(
      db,
      sql`SELECT i::float8 AS idx,
                 (SELECT c.created_at FROM ledger_checkpoints c WHERE c.size > i ORDER BY c.size LIMIT 1) AS at
            FROM unnest(ARRAY[${sql.join(
              chunk.map((n) => sql`${n}`),
              sql`, `,
            )}]::bigint[]) AS i`,
    );
    for (const r of rows) {
      out.set(Number(r.idx), r.at ? new Date(r.at) : null);
    }
  }
  return out;
}
