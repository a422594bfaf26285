/**
 * The dashboard's caches of what only changes when the data changes: page results (bounded,
 * one read per question at a time, dropped with the data generation) and validated sessions
 * (trusted from memory only while the database would still say the same: expiry checked on the
 * clock, a logout or a password change seen on the very next request).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/database.ts';
import { ResultCache, estimateBytes } from '../../dashboard/src/lib/server/cache/results.ts';
import { lookupSession } from '../../dashboard/src/lib/server/cache/sessions.ts';
import { bumpDataGeneration, dataGeneration } from '../../dashboard/src/lib/server/generation.ts';
import { createSession, endSession, type SessionPolicy } from '../../auth/sessions.ts';
import { addUser, removeUser, setPassword } from '../../auth/users.ts';
import { query, twoUniversityWarehouse } from '../auth/helpers.ts';

/** A read that counts its calls and answers `value` (after a tick, as a query would). */
function counted<T>(value: T) {
  const read = async () => {
    read.calls++;
    await new Promise((resolve) => setTimeout(resolve, 1));
    return value;
  };
  read.calls = 0;
  return read;
}

describe('the page result cache', () => {
  it('reads a question once, however many requests ask it at the same time', async () => {
    const cache = new ResultCache();
    const read = counted({ n: 1 });
    const g = dataGeneration();
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.get(g, ['page', '/', 'province'], read)));
    expect(read.calls).toBe(1);
    expect(new Set(answers).size).toBe(1);
    await cache.get(g, ['page', '/', 'province'], read);
    expect(read.calls).toBe(1);
    expect(cache.stats()).toMatchObject({ hits: 20, misses: 1, entries: 1 });
  });

  it('keeps another scope’s answer apart', async () => {
    const cache = new ResultCache();
    const g = dataGeneration();
    await cache.get(g, ['page', '/', 'university:U001'], async () => 'U001');
    await expect(cache.get(g, ['page', '/', 'university:U002'], async () => 'U002')).resolves.toBe('U002');
  });

  it('reads again once the data generation moves, and keeps nothing read for an older one', async () => {
    const cache = new ResultCache();
    const read = counted('x');
    const g = dataGeneration();
    await cache.get(g, ['k'], read);
    bumpDataGeneration();
    // A request whose view was taken before the bump still gets an answer, but it is not kept.
    await cache.get(g, ['k'], read);
    expect(read.calls).toBe(2);
    expect(cache.stats().entries).toBe(0);
    await cache.get(dataGeneration(), ['k'], read);
    await cache.get(dataGeneration(), ['k'], read);
    expect(read.calls).toBe(3);
  });

  it('does not keep a read that failed', async () => {
    const cache = new ResultCache();
    const g = dataGeneration();
    await expect(cache.get(g, ['k'], () => Promise.reject(new Error('Catalog Error')))).rejects.toThrow('Catalog Error');
    await expect(cache.get(g, ['k'], async () => 'fine')).resolves.toBe('fine');
  });

  it('drops the least recently used entries beyond its entry and size limits, and keeps no oversized result', async () => {
    const cache = new ResultCache({ maxEntries: 2, maxBytes: 1000 });
    const g = dataGeneration();
    await cache.get(g, ['a'], async () => 'a');
    await cache.get(g, ['b'], async () => 'b');
    await cache.get(g, ['a'], async () => 'a again'); // a is now the most recent
    await cache.get(g, ['c'], async () => 'c');
    await expect(cache.get(g, ['a'], async () => 'a read again')).resolves.toBe('a');
    await expect(cache.get(g, ['b'], async () => 'b read again')).resolves.toBe('b read again');
    expect(cache.stats().entries).toBe(2);
    // 250 characters of JSON each: the fifth pushes the first out by size.
    const sized = new ResultCache({ maxEntries: 100, maxBytes: 1000 });
    for (const k of ['1', '2', '3', '4', '5']) await sized.get(g, [k], async () => 'x'.repeat(248));
    expect(sized.stats()).toMatchObject({ entries: 4, bytes: 1000, evictions: 1 });
    // More than a quarter of the limit: answered, not kept.
    await sized.get(g, ['big'], async () => 'x'.repeat(300));
    expect(sized.stats().entries).toBe(4);
    expect(estimateBytes({ cells: new Int16Array(10) })).toBe(JSON.stringify({ cells: null }).length + 20);
  });

  it('hands out frozen results: a request cannot change what the next one is shown', async () => {
    const cache = new ResultCache();
    const g = dataGeneration();
    const rows = await cache.get(g, ['rows'], async () => ({ rows: [{ rank: 1 }], cells: new Int8Array(2) }));
    expect(() => rows.rows.push({ rank: 2 })).toThrow(TypeError);
    expect(() => {
      rows.rows[0].rank = 2;
    }).toThrow(TypeError);
    rows.cells[0] = 1; // typed arrays cannot be frozen; Arrow routes only read them
  });
});

describe('the session cache', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-session-cache-'));
  let warehouse: Warehouse;
  const T0 = Date.parse('2024-07-01T09:00:00+08:00');
  const MIN = 60_000;
  const policy: SessionPolicy = { idleMs: 30 * MIN, absoluteMs: 12 * 60 * MIN, touchEveryMs: 30_000 };
  /** Delete a session behind the auth module's back: only a lookup that asks the database notices. */
  const deleteQuietly = (username: string) => query(warehouse, 'delete from auth.sessions where username = $1', [username]);

  beforeAll(async () => {
    warehouse = await twoUniversityWarehouse(dir);
    await addUser(warehouse, { username: 'hefei', role: 'university', scope: 'U001', password: 'university-pass-phrase' }, T0);
    await addUser(warehouse, { username: 'mayuan', role: 'college', scope: 'U001-C1', password: 'college-pass-phrase' }, T0);
  });
  afterAll(() => {
    warehouse.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers from memory within the touch interval, and from the database after it', async () => {
    const token = await createSession(warehouse, 'hefei', '127.0.0.1', T0);
    expect(await lookupSession(warehouse, token, policy, T0 + 1000)).toMatchObject({ status: 'valid', user: { username: 'hefei', scope: { role: 'university', universityCode: 'U001' } } });
    await deleteQuietly('hefei');
    expect((await lookupSession(warehouse, token, policy, T0 + 2000)).status).toBe('valid'); // memory
    expect((await lookupSession(warehouse, token, policy, T0 + 31_000)).status).toBe('none'); // the database
  });

  it('sees a logout, a password change and a removed user on the next request', async () => {
    const a = await createSession(warehouse, 'mayuan', '127.0.0.1', T0);
    expect((await lookupSession(warehouse, a, policy, T0 + 1000)).status).toBe('valid');
    await endSession(warehouse, a);
    expect((await lookupSession(warehouse, a, policy, T0 + 1001)).status).toBe('none');
    const b = await createSession(warehouse, 'mayuan', '127.0.0.1', T0);
    expect((await lookupSession(warehouse, b, policy, T0 + 1000)).status).toBe('valid');
    await setPassword(warehouse, 'mayuan', 'another-pass-phrase', T0 + 1000);
    expect((await lookupSession(warehouse, b, policy, T0 + 1001)).status).toBe('none');
    const c = await createSession(warehouse, 'mayuan', '127.0.0.1', T0);
    expect((await lookupSession(warehouse, c, policy, T0 + 1000)).status).toBe('valid');
    await removeUser(warehouse, 'mayuan');
    expect((await lookupSession(warehouse, c, policy, T0 + 1001)).status).toBe('none');
  });

  it('ends a session at its expiry, to the millisecond, as the database would', async () => {
    await addUser(warehouse, { username: 'wuhu', role: 'university', scope: 'U002', password: 'temporary-pass-phrase' }, T0);
    // Absolute: an hour after sign-in; the last request before it is answered from memory.
    const hour: SessionPolicy = { idleMs: 24 * 60 * MIN, absoluteMs: 60 * MIN, touchEveryMs: 30_000 };
    const token = await createSession(warehouse, 'wuhu', '127.0.0.1', T0);
    expect((await lookupSession(warehouse, token, hour, T0 + 60 * MIN - 20_000)).status).toBe('valid');
    await deleteQuietly('wuhu'); // from here on only memory can say valid
    expect((await lookupSession(warehouse, token, hour, T0 + 60 * MIN - 1)).status).toBe('valid');
    expect((await lookupSession(warehouse, token, hour, T0 + 60 * MIN)).status).toBe('none'); // expired: asked the database
    // Idle: ten seconds without a request (a policy whose touch interval is longer than that).
    const short: SessionPolicy = { idleMs: 10_000, absoluteMs: 12 * 60 * MIN, touchEveryMs: 30_000 };
    const idle = await createSession(warehouse, 'wuhu', '127.0.0.1', T0);
    expect((await lookupSession(warehouse, idle, short, T0 + 1000)).status).toBe('valid');
    expect((await lookupSession(warehouse, idle, short, T0 + 9_999)).status).toBe('valid');
    expect(await lookupSession(warehouse, idle, short, T0 + 10_000)).toEqual({ status: 'expired', reason: 'idle', username: 'wuhu' });
  });

  it('asks the database again when the data changes (a scope comes from the org units)', async () => {
    const token = await createSession(warehouse, 'hefei', '127.0.0.1', T0);
    expect((await lookupSession(warehouse, token, policy, T0 + 1000)).status).toBe('valid');
    await deleteQuietly('hefei');
    bumpDataGeneration();
    expect((await lookupSession(warehouse, token, policy, T0 + 2000)).status).toBe('none');
  });
});
