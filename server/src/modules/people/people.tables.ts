// People: one row per natural person; ID number and phone encrypted at rest with blind indexes for lookup.
import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const people = pgTable(
  'people',
  {
    regionId: integer('region_id').notNull(),
    id: uuid('id').notNull(),
    orgId: integer('org_id').notNull(),
    name: text('name').notNull(),
    namePinyin: text('name_pinyin').notNull(),
    idType: text('id_type').notNull(),
    idNumberEnc: text('id_number_enc'),
    idNumberHash: text('id_number_hash'),
    idNumberMasked: text('id_number_masked'),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    phoneMasked: text('phone_masked'),
    gender: text('gender'),
    birthDate: date('birth_date'),
    address: text('address'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'people_pkey', columns: [t.regionId, t.id] }),
    uniqueIndex('people_id_number_key').on(t.regionId, t.idType, t.idNumberHash),
    index('people_id_hash_idx').on(t.idNumberHash),
    index('people_phone_hash_idx').on(t.phoneHash),
    index('people_org_pinyin_idx').on(t.orgId, t.namePinyin),
    index('people_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    // Pinyin prefix search types syllables run together ("zhangsanf"): an index on the key without spaces.
    index('people_name_pinyin_nospace_idx').using('btree', sql`(replace(${t.namePinyin}, ' ', '')) text_pattern_ops`),
  ],
);
