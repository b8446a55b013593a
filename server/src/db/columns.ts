// Column types shared by module tables.
import { customType } from 'drizzle-orm/pg-core';

/** bytea as a Uint8Array on both drivers (pg answers a Buffer, PGlite a Uint8Array). */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});
