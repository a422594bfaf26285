/**
 * Tiny hand-built warehouses for the anomaly tests: rows go straight into the
 * contract tables of a fresh in-memory warehouse (lineage filled with dummies),
 * the models are built, and the tests read mart_anomalies.
 *
 * Every table gets defaults so a test spells out only what its rule looks at:
 * university U1 (高校党委 U1) with college C1 (院系党委) and branch B1 (党支部).
 */
import { VARCHAR } from '@duckdb/node-api';
import { buildModels } from '../../models/runner.ts';
import { openWarehouse } from '../../warehouse/database.ts';
import { World, type Row } from './helpers.ts';

export interface AnomalyRow {
  code: string;
  severity: string;
  university_code: string;
  college_code: string | null;
  branch_code: string;
  period: string;
  activity_id: string | null;
  member_id: string | null;
  evidence: Record<string, unknown>;
  message: string;
}

/** The indicator tests' World (same defaults and inserts) with branch B1 and anomaly readers. */
export class AnomalyWorld extends World {
  /** A fresh warehouse (in memory unless a file is given) holding university U1, college C1 and branch B1. */
  static override async create(dbPath = ':memory:'): Promise<AnomalyWorld> {
    const warehouse = await openWarehouse(dbPath);
    const world = new AnomalyWorld(warehouse, await warehouse.connect());
    await world.seed();
    await world.insert('org_units', [{ org_code: 'B1', org_name: '文学院学生第一党支部' }]);
    return world;
  }

  /**
   * Build every model as of `asOf` (null: the latest started_at). Attendance rows of members the
   * test did not spell out get a plain member (正式党员, not a cadre) of the activity's branch
   * first, so the data is as consistent as an ingest would leave it.
   */
  async buildAsOf(asOf: string | null): Promise<void> {
    await this.connection.run(`
      insert into members (member_id, name, member_status, branch_code, is_leading_cadre, branch_role, run_id, file_id, line)
      select att.member_id, '某*', '正式党员', min(act.branch_code), false, '无', 'test-run', 1, 0
      from attendance as att
      join activities as act on act.activity_id = att.activity_id
      where att.member_id not in (select member_id from members)
      group by att.member_id`);
    await buildModels(this.connection, { asOf });
  }

  /** Build every model as of `asOf` and return the anomalies (optionally of one code), sorted. */
  async anomalies(asOf: string, code?: string): Promise<AnomalyRow[]> {
    await this.buildAsOf(asOf);
    const reader = await this.connection.runAndReadAll(
      `select code, severity, university_code, college_code, branch_code, period, activity_id, member_id,
              evidence::varchar as evidence, message
       from mart_anomalies
       where $code is null or code = $code
       order by code, branch_code, period, activity_id, member_id`,
      { code: code ?? null },
      { code: VARCHAR },
    );
    return reader.getRowObjectsJson().map((r) => ({ ...r, evidence: JSON.parse(String(r.evidence)) }) as unknown as AnomalyRow);
  }

}

/** `n` attendance rows for one activity: members M01…Mn with the given status and sign-in. */
export function attendanceRows(activityId: string, n: number, status: string, signedInAt: (i: number) => string | null): Row[] {
  return Array.from({ length: n }, (_, i) => ({
    activity_id: activityId,
    member_id: `M${String(i + 1).padStart(2, '0')}`,
    attendance_status: status,
    signed_in_at: signedInAt(i),
  }));
}

/** Members M01…Mn of branch B1. */
export function memberRows(n: number, extra: Row = {}): Row[] {
  return Array.from({ length: n }, (_, i) => ({ member_id: `M${String(i + 1).padStart(2, '0')}`, ...extra }));
}
