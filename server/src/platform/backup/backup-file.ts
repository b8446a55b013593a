// The backup file: a small JSON header (what, from where, which schema level, the payload's SHA-256) and the payload
// (a pg_dump custom-format archive, or a PGlite data-directory tarball) after it.
//
//   BOAI-BACKUP/1\n
//   <header length, 10 decimal digits>\n
//   <header JSON, padded with spaces to that length>
//   <payload bytes>
import crypto from 'node:crypto';
import fs from 'node:fs';

export const MAGIC = 'BOAI-BACKUP/1\n';
const LENGTH_LINE = 11;
const PREFIX = MAGIC.length + LENGTH_LINE;

export type BackupFormat = 'pg_dump-custom' | 'pglite-datadir-tgz';

export type BackupHeader = {
  format: BackupFormat;
  database: 'postgres' | 'pglite';
  /** The database server's version (`SHOW server_version`). */
  serverVersion: string;
  /** `pg_dump --version` for PostgreSQL backups (pg_restore must be at least this major version). */
  pgDumpVersion?: string;
  /** Applied migrations: how many, and the newest one's timestamp (drizzle's created_at = the journal's `when`). */
  migrations: { count: number; lastCreatedAt: number; lastTag?: string };
  createdAt: string;
  boaiVersion: string;
  /** Identifies the master key the encrypted fields were written with, without revealing it (see keyCheck()). */
  keyCheck: string | null;
  /** Rows per table when the backup was taken ("schema.table": count), checked after a restore. */
  tables: Record<string, number>;
  payload: { sha256: string; bytes: number };
};

/** The file's header; throws BackupError-like messages via the returned `problem` when it is not a Boai backup. */
export function readHeader(file: string): { header: BackupHeader; payloadOffset: number } {
  const fd = fs.openSync(file, 'r');
  try {
    const prefix = Buffer.alloc(PREFIX);
    const got = fs.readSync(fd, prefix, 0, PREFIX, 0);
    if (got < PREFIX || prefix.subarray(0, MAGIC.length).toString('latin1') !== MAGIC) {
      throw new Error('not a Boai backup file (no BOAI-BACKUP/1 header)');
    }
    const lengthText = prefix.subarray(MAGIC.length, PREFIX - 1).toString('latin1');
    if (!/^\d{10}$/.test(lengthText) || prefix[PREFIX - 1] !== 0x0a) {
      throw new Error('damaged backup header (bad length line)');
    }
    const length = Number(lengthText);
    if (length > 16 * 1024 * 1024) {
      throw new Error('damaged backup header (length out of range)');
    }
    const json = Buffer.alloc(length);
    if (fs.readSync(fd, json, 0, length, PREFIX) < length) {
      throw new Error('damaged backup header (file too short)');
    }
    let header: BackupHeader;
    try {
      header = JSON.parse(json.toString('utf8')) as BackupHeader;
    } catch {
      throw new Error('damaged backup header (not JSON)');
    }
    if (
      !header ||
      (header.format !== 'pg_dump-custom' && header.format !== 'pglite-datadir-tgz') ||
      typeof header.payload?.sha256 !== 'string' ||
      typeof header.payload?.bytes !== 'number' ||
      typeof header.migrations?.lastCreatedAt !== 'number' ||
      typeof header.tables !== 'object'
    ) {
      throw new Error('damaged backup header (fields missing)');
    }
    return { header, payloadOffset: PREFIX + length };
  } finally {
    fs.closeSync(fd);
  }
}

function encodeHeader(header: BackupHeader, length: number): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  if (json.length > length) {
    throw new Error('backup header outgrew its reserved space');
  }
  return Buffer.concat([
    Buffer.from(MAGIC, 'latin1'),
    Buffer.from(`${String(length).padStart(10, '0')}\n`, 'latin1'),
    json,
    Buffer.alloc(length - json.length, 0x20),
  ]);
}

/**
 * Writes `<file>.partial` (mode 0600): the header with room reserved, then the payload from `writePayload` hashed as it
 * streams, then the final header; fsyncs and renames it to `file`. Never leaves a half-written `file` behind.
 */
export async function writeBackupFile(
  file: string,
  header: Omit<BackupHeader, 'payload'>,
  writePayload: (sink: PayloadSink) => Promise<void>,
): Promise<BackupHeader> {
  const placeholder: BackupHeader = { ...header, payload: { sha256: '0'.repeat(64), bytes: Number.MAX_SAFE_INTEGER } };
  const length = Buffer.byteLength(JSON.stringify(placeholder), 'utf8') + 64;
  const partial = `${file}.partial`;
  const fd = fs.openSync(partial, 'w', 0o600);
  try {
    fs.writeSync(fd, encodeHeader(placeholder, length), 0, PREFIX + length, 0);
    const hash = crypto.createHash('sha256');
    let position = PREFIX + length;
    let bytes = 0;
    const sink: PayloadSink = {
      write(chunk) {
        hash.update(chunk);
        let done = 0;
        while (done < chunk.length) {
          done += fs.writeSync(fd, chunk, done, chunk.length - done, position + done);
        }
        position += chunk.length;
        bytes += chunk.length;
      },
      get bytes() {
        return bytes;
      },
    };
    await writePayload(sink);
    const final: BackupHeader = { ...header, payload: { sha256: hash.digest('hex'), bytes } };
    fs.writeSync(fd, encodeHeader(final, length), 0, PREFIX + length, 0);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(partial, file);
    return final;
  } catch (error) {
    try {
      fs.closeSync(fd);
    } catch {
      // already closed
    }
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

export type PayloadSink = { write(chunk: Uint8Array): void; readonly bytes: number };

/** Streams the payload and compares its length and SHA-256 with the header's. Returns a problem or null. */
export async function checkPayload(
  file: string,
  header: BackupHeader,
  payloadOffset: number,
  onProgress?: (bytes: number) => void,
): Promise<string | null> {
  const size = fs.statSync(file).size;
  if (size - payloadOffset !== header.payload.bytes) {
    return `payload is ${size - payloadOffset} bytes, the header says ${header.payload.bytes}`;
  }
  const hash = crypto.createHash('sha256');
  let seen = 0;
  for await (const chunk of fs.createReadStream(file, { start: payloadOffset, highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    seen += (chunk as Buffer).length;
    onProgress?.(seen);
  }
  const digest = hash.digest('hex');
  return digest === header.payload.sha256 ? null : `payload SHA-256 ${digest} differs from the header's`;
}

/**
 * A non-secret value that identifies a master key: HMAC under a subkey derived for this purpose only. Equal values
 * mean the same key; it tells nothing about the key itself.
 */
export function keyCheck(master: Buffer): string {
  const sub = Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), 'boai/backup/key-check/v1', 32));
  return crypto.createHmac('sha256', sub).update('boai backup key check').digest('hex').slice(0, 32);
}
