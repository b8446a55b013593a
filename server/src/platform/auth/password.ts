// Password hashing with argon2id (OWASP parameters) and the password policy.
import { hash, verify } from '@node-rs/argon2';
import { AppError } from '../errors';

// OWASP 2024: argon2id, 19 MiB memory, 2 iterations, 1 lane.
const options = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the username does not exist so timing does not tell. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(`dummy-${Math.random()}`);
  return dummyHash;
}

/** At least 10 characters with letters and digits; throws WEAK_PASSWORD. */
export function assertStrongPassword(password: string): void {
  if (password.length < 10 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) {
    throw new AppError('WEAK_PASSWORD');
  }
}
