// The one list of where personal data is stored encrypted or blind-indexed: what `boai keys rotate` re-encrypts,
// what `boai keys status` checks, and what pii-registry.test.ts holds every table of the schema against.
import type { PgTable } from 'drizzle-orm/pg-core';
import { aedGuardians, aedReports } from '../modules/aed/aed.tables';
import { donationOrders, donations, payouts } from '../modules/donations/donations.tables';
import { goodsLots, goodsMovements } from '../modules/goods/goods.tables';
import { grievances } from '../modules/grievances/grievances.tables';
import { members } from '../modules/members/members.tables';
import { mutualaidContributions, mutualaidGrants, mutualaidLoans } from '../modules/mutualaid/mutualaid.tables';
import { people } from '../modules/people/people.tables';
import { privacyRequests } from '../modules/people/people-privacy.tables';
import { fiscalReceipts, receiptRequests } from '../modules/receipts/receipts.tables';
import { donorRegistrations } from '../modules/registry/registry-organ.tables';
import { bloodDriveDonors, stemCellRegistrations } from '../modules/registry/registry-stemcell.tables';
import { reliefObjections } from '../modules/relief/relief.tables';
import { responseEmergencies, responseResponders } from '../modules/response/response.tables';
import { serviceRequests } from '../modules/services/services.tables';
import { trainingCertificates, trainingEnrolments } from '../modules/training/training.tables';
import { volunteers } from '../modules/volunteers/volunteers.tables';
import { otpCodes, publicAccounts } from './auth/auth.tables';
import { outboxMessages } from './notify/notify.tables';

/** A row as read for rotation: SQL column names to values. */
export type PiiRow = Record<string, unknown>;

export type PiiIndexColumn = {
  /** SQL name of the blind-index column. */
  column: string;
  domain: 'id' | 'phone';
  /**
   * Where its plaintext is kept encrypted in the same row, and the text blindIndex() was given for it
   * (from the decrypted value and the row). Absent when the row keeps no encrypted copy: such an index can only be
   * recomputed when the person gives the value again.
   */
  from?: { enc: string; normalise: (plaintext: string, row: PiiRow) => string };
};

export type PiiTable = {
  table: PgTable;
  /** Text columns holding one pii().encrypt ciphertext (or null). */
  encrypted: string[];
  /** jsonb columns whose objects hold ciphertexts under keys ending in `Enc` (at any depth). */
  encryptedJson?: string[];
  /** Blind-index columns (pii().blindIndex under the lookup key). */
  indexes: PiiIndexColumn[];
};

const phone = (enc: string) => ({ enc, normalise: (p: string) => p });
const typedId = (enc: string, typeColumn: string) => ({
  enc,
  normalise: (p: string, row: PiiRow) => `${String(row[typeColumn])}:${p}`,
});

export const piiTables: PiiTable[] = [
  {
    table: people,
    encrypted: ['id_number_enc', 'phone_enc'],
    indexes: [
      { column: 'id_number_hash', domain: 'id', from: typedId('id_number_enc', 'id_type') },
      { column: 'phone_hash', domain: 'phone', from: phone('phone_enc') },
    ],
  },
  {
    table: publicAccounts,
    encrypted: ['phone_enc'],
    indexes: [{ column: 'phone_hash', domain: 'phone', from: phone('phone_enc') }],
  },
  {
    table: members,
    encrypted: ['contact_phone_enc', 'guardian_phone_enc'],
    // The member's own phone (from the person record); contact_phone_enc may be another number.
    indexes: [{ column: 'phone_hash', domain: 'phone' }],
  },
  {
    table: volunteers,
    encrypted: ['phone_enc', 'emergency_phone_enc', 'guardian_phone_enc'],
    indexes: [{ column: 'phone_hash', domain: 'phone', from: phone('phone_enc') }],
  },
  {
    table: donationOrders,
    encrypted: ['donor_phone_enc'],
    indexes: [{ column: 'donor_phone_hash', domain: 'phone', from: phone('donor_phone_enc') }],
  },
  {
    table: donations,
    encrypted: ['donor_phone_enc', 'salt_enc'],
    indexes: [{ column: 'donor_phone_hash', domain: 'phone', from: phone('donor_phone_enc') }],
  },
  { table: payouts, encrypted: ['payee_salt_enc'], indexes: [] },
  { table: goodsLots, encrypted: ['donor_salt_enc'], indexes: [] },
  { table: goodsMovements, encrypted: ['recipient_salt_enc'], indexes: [] },
  { table: grievances, encrypted: ['phone_enc'], indexes: [] },
  { table: mutualaidContributions, encrypted: ['contributor_salt_enc'], indexes: [] },
  { table: mutualaidGrants, encrypted: ['payee_salt_enc'], indexes: [] },
  { table: mutualaidLoans, encrypted: ['borrower_salt_enc', 'contact_phone_enc'], indexes: [] },
  {
    table: receiptRequests,
    encrypted: ['payer_id_enc'],
    indexes: [{ column: 'payer_id_hash', domain: 'id', from: typedId('payer_id_enc', 'payer_id_type') }],
  },
  {
    table: fiscalReceipts,
    encrypted: ['payer_id_enc'],
    indexes: [{ column: 'payer_id_hash', domain: 'id', from: typedId('payer_id_enc', 'payer_id_type') }],
  },
  {
    table: donorRegistrations,
    encrypted: ['phone_enc'],
    encryptedJson: ['witnesses', 'family_contact', 'executor'],
    indexes: [{ column: 'phone_hash', domain: 'phone', from: phone('phone_enc') }],
  },
  {
    table: bloodDriveDonors,
    encrypted: ['phone_enc'],
    indexes: [
      { column: 'id_number_hash', domain: 'id' },
      { column: 'phone_hash', domain: 'phone', from: phone('phone_enc') },
    ],
  },
  {
    table: stemCellRegistrations,
    encrypted: ['id_number_enc', 'phone_enc'],
    encryptedJson: ['relatives'],
    indexes: [
      { column: 'id_number_hash', domain: 'id', from: typedId('id_number_enc', 'id_type') },
      { column: 'phone_hash', domain: 'phone', from: phone('phone_enc') },
    ],
  },
  { table: reliefObjections, encrypted: ['phone_enc'], indexes: [] },
  {
    table: responseResponders,
    encrypted: ['phone_enc'],
    indexes: [{ column: 'phone_hash', domain: 'phone', from: phone('phone_enc') }],
  },
  { table: responseEmergencies, encrypted: ['caller_phone_enc'], indexes: [] },
  {
    table: serviceRequests,
    encrypted: ['applicant_phone_enc'],
    indexes: [{ column: 'applicant_phone_hash', domain: 'phone', from: phone('applicant_phone_enc') }],
  },
  {
    table: trainingEnrolments,
    encrypted: ['phone_enc'],
    indexes: [{ column: 'phone_hash', domain: 'phone', from: phone('phone_enc') }],
  },
  { table: trainingCertificates, encrypted: [], indexes: [{ column: 'phone_hash', domain: 'phone' }] },
  {
    table: aedGuardians,
    encrypted: ['phone_enc'],
    indexes: [{ column: 'phone_hash', domain: 'phone', from: phone('phone_enc') }],
  },
  {
    table: aedReports,
    encrypted: ['phone_enc'],
    indexes: [{ column: 'phone_hash', domain: 'phone', from: phone('phone_enc') }],
  },
  { table: outboxMessages, encrypted: ['recipient_enc'], indexes: [] },
  // A sign-in code request: kept minutes, no encrypted copy.
  { table: otpCodes, encrypted: [], indexes: [{ column: 'phone_hash', domain: 'phone' }] },
  {
    table: privacyRequests,
    encrypted: [],
    indexes: [
      { column: 'subject_id_hash', domain: 'id' },
      { column: 'subject_phone_hash', domain: 'phone' },
    ],
  },
];

/**
 * Hash-named columns that are not blind indexes of personal data, and why. Token-key HMACs (pii().hashToken) are
 * keyed by the lookup key like the indexes; the others are plain digests or password hashes no PII key touches.
 */
export const notPiiIndexColumns: Record<string, string> = {
  'sessions.token_hash': 'hashToken: session token',
  'otp_codes.code_hash': 'hashToken: one-time code',
  'donation_orders.access_token_hash': 'hashToken: the donor’s access link',
  'donations.access_token_hash': 'hashToken: the donor’s access link',
  'grievances.lookup_code_hash': 'hashToken: the citizen’s lookup code',
  'memorial_messages.visitor_hash': 'hashToken: anonymous visitor',
  'memorial_visitor_days.visitor_hash': 'hashToken: anonymous visitor',
  'users.password_hash': 'argon2id password hash',
  'aeds.telemetry_key_hash': 'SHA-256 of a device secret',
  'response_dispatch_keys.secret_hash': 'SHA-256 of a dispatch-centre secret',
  'response_emergencies.follow_token_hash': 'SHA-256 of a follow link token',
  'response_followups.token_hash': 'SHA-256 of a follow-up link token',
  'callback_samples.candidate_hash': 'SHA-256 of payout ids (no personal data)',
  'training_questions.content_hash': 'SHA-256 of question text',
  'ledger_entries.leaf_hash': 'transparency log leaf',
  'ledger_checkpoints.root_hash': 'transparency log root',
  'audit_chain.prev_hash': 'audit trail hash chain',
};
