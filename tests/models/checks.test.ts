/**
 * The data tests after a build (models/checks.ts): a model key that repeats or is null fails the
 * build and is reported with the offending keys — also when the first, hashed pass finds it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ModelCheckError, runChecks } from '../../models/checks.ts';
import { World } from './helpers.ts';

describe('key checks', () => {
  let w: World;
  afterEach(() => w.close());

  const world = async () => {
    w = await World.create();
    await w.branches({ org_code: 'B1' });
    await w.members('B1', 3);
    await w.activity('A1', 'B1', '主题党日', '2024-01-10 09:00');
    await w.roll('A1', 'B1', ['出席', '出席', '缺席']);
  };

  it('pass on clean data', async () => {
    await world();
    const result = await w.build({ reportCheckFailures: true });
    expect(result.checkFailures).toEqual([]);
  });

  it('report a key that repeats, with the key and its count', async () => {
    await world();
    await w.roll('A1', 'B1', ['请假']); // B1M01 at A1 a second time
    const result = await w.build({ reportCheckFailures: true });
    const failure = result.checkFailures.find((f) => f.check === 'keys:stg_attendance');
    expect(failure).toEqual({
      check: 'keys:stg_attendance',
      n_failures: 1,
      sample: [{ activity_id: 'A1', member_id: 'B1M01', n_rows: 2 }],
    });
    await expect(w.build()).rejects.toThrow(ModelCheckError);
  });

  it('report a null key', async () => {
    await world();
    await w.build();
    // the contract table cannot hold one (NOT NULL): a staging view that let one through
    await w.connection.run(
      "create or replace view stg_attendance as select * exclude (run_id, file_id, line) from attendance union all select null, 'B1M02', '出席', null, null, null",
    );
    const failures = await runChecks(w.connection);
    expect(failures).toEqual([
      { check: 'keys:stg_attendance', n_failures: 1, sample: [{ activity_id: null, member_id: 'B1M02', n_rows: 1 }] },
    ]);
  });
});
