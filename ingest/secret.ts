/**
 * The key of the ID-number hash. It is generated at first run and kept in a file
 * beside — never inside — the warehouse, so the database file alone cannot be used
 * to test guesses of an ID number against the stored hashes.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function hashKeyPath(dbPath: string): string {
  return process.env.ZHIXIAO_KEY_FILE || `${path.resolve(dbPath)}.key`;
}

/** Read the key, creating it (mode 0600) if this warehouse has none yet. */
export function loadOrCreateHashKey(dbPath: string): string {
  if (dbPath === ':memory:') return randomBytes(32).toString('hex');
  const file = hashKeyPath(dbPath);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32).toString('hex');
  fs.writeFileSync(file, key + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
