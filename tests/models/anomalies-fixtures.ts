/**
 * Tiny hand-built warehouses for the anomaly tests: rows go straight into the
 * contract tables of a fresh in-memory warehouse (lineage filled with dummies),
 * the models are built, and the tests read mart_anomalies.
 *
 * Every table gets defaults so a test spells out only what its rule looks at:
 * university U1 (高校党委 U1) with college C1 (院系党委) and branch B1 (党支部).
 */
import { LIST, VARCHAR, type DuckDBConnection, type DuckDBType, type DuckDBValue, listValue } from '@duckdb/node-api';
import { buildModels } from '../../models/runner.ts';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';

type Row = Record<string, string | number | boolean | null | string[]>;

/** Default values per contract table; a test's row overrides them. */
const DEFAULTS: Record<string, Row> = {
  universities: { university_name: '示例大学', city: '合肥' },
  org_units: { org_type: '党支部', university_code: 'U1', parent_code: 'C1', branch_category: '学生' },
  members: { name: '张*华', member_status: '正式党员', branch_code: 'B1', is_leading_cadre: false, branch_role: '无' },
  activities: { branch_code: 'B1', activity_type: '主题党日', title: '主题党日活动', mode: '线下', content_tags: [] },
  attendance: { attendance_status: '出席' },
  observations: { observer_name: '李*', observer_org_code: 'C1', problems: [], halted: false },
  evaluations: {},
};

/** Columns that hold VARCHAR[] and need their type spelled out when bound. */
const LIST_COLUMNS = new Set(['content_tags', 'problems']);

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

export class AnomalyWorld {
  private line = 0;
  private constructor(
    readonly warehouse: Warehouse,
    readonly connection: DuckDBConnection,
  ) {}

  /** A fresh warehouse (in memory unless a file is given) holding university U1, college C1 and branch B1. */
  static async create(dbPath = ':memory:'): Promise<AnomalyWorld> {
    const warehouse = await openWarehouse(dbPath);
    const world = new AnomalyWorld(warehouse, await warehouse.connect());
    await world.insert('universities', [{ university_code: 'U1' }]);
    await world.insert('org_units', [
      { org_code: 'U1', org_name: '示例大学党委', org_type: '高校党委', parent_code: null, branch_category: null },
      { org_code: 'C1', org_name: '文学院党委', org_type: '院系党委', parent_code: 'U1', branch_category: null },
      { org_code: 'B1', org_name: '文学院学生第一党支部' },
    ]);
    return world;
  }

  /** Insert rows into a contract table; table names come from DEFAULTS (an allow-list). */
  async insert(table: keyof typeof DEFAULTS & string, rows: Row[]): Promise<void> {
    const defaults = DEFAULTS[table];
    if (!defaults) throw new Error(`no such contract table in the fixtures: ${table}`);
    const known = new Set(
      (await this.connection.runAndReadAll('select column_name from duckdb_columns() where table_name = $t', { t: table }))
        .getRows()
        .map((r) => String(r[0])),
    );
    for (const given of rows) {
      const row: Row = { ...defaults, ...given, run_id: 'test-run', file_id: 1, line: ++this.line };
      const columns = Object.keys(row);
      for (const c of columns) if (!known.has(c)) throw new Error(`${table} has no column ${c}`);
      const values: Record<string, DuckDBValue> = {};
      const types: Record<string, DuckDBType | undefined> = {};
      columns.forEach((c, i) => {
        const v = row[c];
        values[`p${i}`] = Array.isArray(v) ? listValue(v) : v;
        if (LIST_COLUMNS.has(c)) types[`p${i}`] = LIST(VARCHAR);
      });
      const sql = `insert into ${table} (${columns.join(', ')}) values (${columns.map((_, i) => `$p${i}`).join(', ')})`;
      await this.connection.run(sql, values, types);
    }
  }

  /**
   * Build every model as of `asOf` (null: the latest started_at). Attendance rows of members the
   * test did not spell out get a plain member (正式党员, not a cadre) of the activity's branch
   * first, so the data is as consistent as an ingest would leave it.
   */
  async build(asOf: string | null): Promise<void> {
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
    await this.build(asOf);
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

  close(): void {
    this.connection.closeSync();
    this.warehouse.close();
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
