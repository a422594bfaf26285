/**
 * Tiny hand-built warehouses for the indicator tests: rows go straight into the contract tables
 * of a fresh in-memory warehouse (lineage columns run_id / file_id / line filled with dummies),
 * the models are built, and the tests read the marts.
 *
 * `World.create()` holds university U1 (合肥, 高校党委 U1) with college C1 (院系党委); tests add
 * their branches, members, activities and rolls with the short builders below.
 */
import { LIST, VARCHAR, listValue, type DuckDBConnection, type DuckDBType, type DuckDBValue, type Json } from '@duckdb/node-api';
import { buildModels, type BuildOptions, type BuildResult } from '../../models/runner.ts';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';

export type Cell = string | number | boolean | null | string[];
export type Row = Record<string, Cell>;

/** Default values per contract table (an allow-list of table names); a test's row overrides them. */
const DEFAULTS: Record<string, Row> = {
  universities: { university_name: '示例大学', city: '合肥' },
  org_units: { org_type: '党支部', university_code: 'U1', parent_code: 'C1', branch_category: '学生' },
  members: { name: '张*华', member_status: '正式党员', branch_code: 'B1', is_leading_cadre: false, branch_role: '无' },
  activities: { branch_code: 'B1', activity_type: '主题党日', title: '活动', mode: '线下', content_tags: [] },
  attendance: { attendance_status: '出席' },
  observations: { observer_name: '李*', observer_org_code: 'C1', problems: [], halted: false },
  rectifications: { branch_code: 'B1', description: '问题', found_on: '2024-01-01' },
  cases: { university_code: 'U1', title: '案例' },
  evaluations: {},
};

/** Columns that hold VARCHAR[] and need their type spelled out when bound. */
const LIST_COLUMNS = new Set(['content_tags', 'problems']);

export class World {
  private line = 0;
  protected constructor(
    readonly warehouse: Warehouse,
    readonly connection: DuckDBConnection,
  ) {}

  /** A fresh warehouse (in memory, or a new file) holding university U1 (合肥) and its college C1; no branches yet. */
  static async create(dbPath = ':memory:'): Promise<World> {
    const warehouse = await openWarehouse(dbPath);
    const world = new World(warehouse, await warehouse.connect());
    await world.seed();
    return world;
  }

  /** University U1 and its college C1. */
  protected async seed(): Promise<void> {
    await this.insert('universities', [{ university_code: 'U1' }]);
    await this.insert('org_units', [
      { org_code: 'U1', org_name: '示例大学党委', org_type: '高校党委', parent_code: null, branch_category: null },
      { org_code: 'C1', org_name: '文学院党委', org_type: '院系党委', parent_code: 'U1', branch_category: null },
    ]);
  }

  /** Insert rows into a contract table, one multi-row INSERT with every value bound. */
  async insert(table: string, rows: Row[]): Promise<void> {
    const defaults = DEFAULTS[table];
    if (!defaults) throw new Error(`no such contract table in the fixtures: ${table}`);
    if (rows.length === 0) return;
    const known = new Set(
      (await this.connection.runAndReadAll('select column_name from duckdb_columns() where table_name = $t', { t: table }))
        .getRows()
        .map((r) => String(r[0])),
    );
    const full = rows.map((given) => ({ ...defaults, ...given, run_id: 'test-run', file_id: 1, line: ++this.line }) as Row);
    const columns = [...new Set(full.flatMap((r) => Object.keys(r)))];
    for (const c of columns) if (!known.has(c)) throw new Error(`${table} has no column ${c}`);
    const values: Record<string, DuckDBValue> = {};
    const types: Record<string, DuckDBType | undefined> = {};
    const tuples = full.map((row, r) => {
      const names = columns.map((c, i) => {
        const name = `p${r}_${i}`;
        const v = row[c] ?? null;
        values[name] = Array.isArray(v) ? listValue(v) : v;
        if (LIST_COLUMNS.has(c)) types[name] = LIST(VARCHAR);
        return `$${name}`;
      });
      return `(${names.join(', ')})`;
    });
    // Table and column names come from DEFAULTS and the catalog (allow-lists), values are bound.
    await this.connection.run(`insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`, values, types);
  }

  /** Branches under college C1 of U1 (or as overridden). */
  branches(...rows: Row[]): Promise<void> {
    return this.insert('org_units', rows.map((r) => ({ org_name: `${r.org_code}支部`, ...r })));
  }

  /** `n` full members of a branch: <branch>M01…; extra fields apply to all. */
  members(branch: string, n: number, extra: Row = {}): Promise<void> {
    return this.insert(
      'members',
      Array.from({ length: n }, (_, i) => ({ member_id: memberId(branch, i + 1), branch_code: branch, ...extra })),
    );
  }

  /** One activity. */
  activity(activityId: string, branch: string, type: string, startedAt: string, extra: Row = {}): Promise<void> {
    return this.insert('activities', [
      { activity_id: activityId, branch_code: branch, activity_type: type, started_at: startedAt, ...extra },
    ]);
  }

  /** The roll of an activity: statuses in order for members <branch>M01, M02, … */
  roll(activityId: string, branch: string, statuses: string[], extra: Row = {}): Promise<void> {
    return this.insert(
      'attendance',
      statuses.map((s, i) => ({ activity_id: activityId, member_id: memberId(branch, i + 1), attendance_status: s, ...extra })),
    );
  }

  /** Build every model (data tests included). */
  build(options: BuildOptions = {}): Promise<BuildResult> {
    return buildModels(this.connection, options);
  }

  /** Rows of a query as JSON-like objects (dates as YYYY-MM-DD); parameters bound. */
  async rows(sql: string, params: Record<string, DuckDBValue> = {}): Promise<Record<string, Json>[]> {
    return (await this.connection.runAndReadAll(sql, params)).getRowObjectsJson();
  }

  /** The single row of a query; throws when there is not exactly one. */
  async one(sql: string, params: Record<string, DuckDBValue> = {}): Promise<Record<string, Json>> {
    const rows = await this.rows(sql, params);
    if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}: ${sql}`);
    return rows[0];
  }

  close(): void {
    this.connection.closeSync();
    this.warehouse.close();
  }
}

/** Member ids of the builders: B1M01, B1M02, … */
export function memberId(branch: string, i: number): string {
  return `${branch}M${String(i).padStart(2, '0')}`;
}

/** `n` copies of a status, for rolls. */
export function times(n: number, status: string): string[] {
  return Array.from({ length: n }, () => status);
}

/** Compare a fraction to the value written out in a test (floating-point sums). */
export function approx(value: Json | undefined, expected: number): boolean {
  return typeof value === 'number' && Math.abs(value - expected) < 1e-9;
}
