/**
 * Passwords: argon2id hashes (OWASP's parameters: 19 MiB, 2 passes, 1 lane — the library's
 * defaults, written out so a change of default cannot weaken them), generated passwords, and
 * the length rule of OWASP ASVS 2.1 (at least 12 characters, at most 128, no composition rules).
 */
import { randomInt } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { UserError } from '../warehouse/errors.ts';

// The package declares Algorithm as a `const enum` whose runtime object is empty: the value of
// Argon2id (2) is written here, typed by the enum; tests check the hashes read `$argon2id$`.
const ARGON2ID: Algorithm = 2;
const ARGON2_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;

/** A few passwords people choose first; refused whatever their length. */
const OBVIOUS = new Set(['123456789012', 'password1234', 'qwertyuiop12', 'zhixiao12345', 'admin1234567', '111111111111']);

/** Throws a UserError (exit 2) saying what is wrong with `password`, or returns it normalised (NFKC). */
export function checkNewPassword(password: string, username: string): string {
  const normalised = password.normalize('NFKC');
  const length = [...normalised].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new UserError(`密码太短：至少 ${MIN_PASSWORD_LENGTH} 个字符（现为 ${length} 个）。可不带 --password-stdin 运行以生成强密码。`, 2);
  }
  if (length > MAX_PASSWORD_LENGTH) throw new UserError(`密码太长：最多 ${MAX_PASSWORD_LENGTH} 个字符。`, 2);
  const lower = normalised.toLowerCase();
  if (OBVIOUS.has(lower) || lower.includes(username.toLowerCase()) || new Set(normalised).size < 4) {
    throw new UserError('密码太容易猜到（常见密码、含用户名或重复字符过多）：请换一个，或不带 --password-stdin 运行以生成强密码。', 2);
  }
  return normalised;
}

/** Unambiguous characters (no 0/O, 1/l/I): easy to read out and type from a printout. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A strong random password: 4 groups of 5 characters (about 116 bits), e.g. `Hx7pq-…`. */
export function generatePassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < 4; g++) {
    let group = '';
    for (let i = 0; i < 5; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFKC'), ARGON2_OPTIONS);
}

/** Whether `password` matches `passwordHash` (a PHC string of argon2id). */
export function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  return verify(passwordHash, password.normalize('NFKC'));
}

let dummyHash: Promise<string> | null = null;

/**
 * Spend the time of one verification against a hash nobody has: signing in as a user that does
 * not exist then takes as long as with a wrong password, so timing does not tell them apart.
 */
export async function verifyAgainstNobody(password: string): Promise<false> {
  dummyHash ??= hashPassword(generatePassword());
  await verify(await dummyHash, password.normalize('NFKC'));
  return false;
}
