// The one way a module declares the personal data it holds (PIPL Art. 44–47): how to find a person's rows, what the
// copy shows, and what erasure does to each table. Each module keeps its declaration in `<module>.privacy.ts` next to
// its tables; people-privacy.ts lists them all, and a test fails when a table with personal columns is in none.

import type { SQL } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client';

/** Everything that identifies one person: their people rows, ID-number and phone blind indexes, public accounts. */
export type SubjectKeys = {
  personIds: string[];
  idHashes: string[];
  phoneHashes: string[];
  accountIds: string[];
};

export type Erasure =
  /** The rows go: nothing in them must be kept. */
  | { action: 'delete'; why: string }
  /**
   * The rows stay (the law or the books need them) with the person made unrecognisable: `pseudonym` columns get the
   * request's pseudonym, `clear` columns become NULL, `blank` columns (NOT NULL) become ''. Amounts, dates and units
   * are kept.
   */
  | {
      action: 'anonymise';
      why: string;
      pseudonym?: string[];
      clear?: string[];
      blank?: string[];
      /** Columns set to a fixed value (a revoked status, '爱心人士'). */
      fixed?: Record<string, unknown>;
    }
  /** The rows stay as they are (they identify nobody once the person record is anonymised), with the legal reason. */
  | { action: 'retain'; why: string };

export type TableRule = {
  table: PgTable;
  /** What the table is, for the copy and the preview (zh). */
  label: string;
  /** Columns that point at the subject; a row matches when any of them does. */
  find: {
    personId?: PgColumn;
    idHash?: PgColumn;
    phoneHash?: PgColumn;
    accountId?: PgColumn;
    /** Rows reached through a parent table (e.g. a member's dues payments), as an SQL condition. */
    via?: (keys: SubjectKeys) => SQL | undefined;
  };
  erase: Erasure;
  /** Columns left out of the copy (internal tokens, salts): property names. */
  exportOmit?: string[];
};

/** A reason a hold stops erasure (an open relief case, a pending payout, an outstanding loan). */
export type Hold = { module: string; code: string; reason: string; count: number };

export type PrivacyDeclaration = {
  module: string;
  tables: TableRule[];
  /**
   * Tables whose personal-looking columns are about someone other than a subject of these requests (staff
   * accounts, units' contact people) or that hold no personal data, with the reason.
   */
  notSubjectData?: { table: PgTable; why: string }[];
  /** Tables reached only through a parent record, kept or removed with it, with the reason. */
  linked?: { table: PgTable; why: string }[];
  /**
   * Tables holding names typed as free text with no ID number, phone or person link: they cannot be matched to a
   * person automatically; staff search them by name and handle them by hand (docs/privacy.md).
   */
  unmatched?: { table: PgTable; why: string }[];
  holds?: (db: Db, keys: SubjectKeys) => Promise<Hold[]>;
};

export function tableName(table: PgTable): string {
  return getTableConfig(table).name;
}
