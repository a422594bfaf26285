/**
 * A scoped ingest (a university user's upload on the dashboard): only rows of that university
 * load; the others are quarantined with a Chinese reason (reason_code `out_of_scope`, not
 * retried). Like the reference checks of validate-sql.ts these are generated UPDATEs on temp
 * table typed_rows; identifiers come from the contract, the university code is a bound parameter.
 *
 * A row is in scope when everything it hangs on belongs to the university — its university
 * code, its branch, its meeting, its member — and, when its key is already stored, the stored
 * row does too (a university may not overwrite, or move, another's record). A row whose parent
 * does not exist cannot be placed: in a scoped run it is quarantined as out of scope instead of
 * waiting as an orphan, so that it can never load later into another university. Orphans of
 * earlier (unscoped) runs retried during a scoped run and not loaded keep waiting as they were
 * (run.ts leaves their quarantine entries untouched).
 */
import type { TableName, TableSpec } from './contract/tables.ts';
import { ident, setProblemSql, type ParamBag } from './validate-sql.ts';

/** The scope of an ingest run. */
export interface IngestScope {
  /** Only rows of this university are loaded. */
  universityCode: string;
}

interface Owner {
  /** The column reported as the problem's column. */
  column: string;
  /** SQL, true when the row's value in that column lies in the scope (NULL counts as outside). */
  owned: string;
}

interface Sets {
  /** Bound university code. */
  u: string;
  /** Every org unit of the university. */
  orgs: string;
  activities: string;
  members: string;
  observations: string;
}

const v = (column: string) => ident(`v_${column}`);
const optional = (column: string, set: string) => `(${v(column)} is null or ${v(column)} in ${set})`;

/** What a row of each table hangs on, and which stored keys belong to another university. */
const RULES: Record<TableName, { owners: (s: Sets) => Owner[]; foreignKeys?: (s: Sets) => string }> = {
  universities: {
    owners: (s) => [{ column: 'university_code', owned: `${v('university_code')} = ${s.u}` }],
  },
  org_units: {
    owners: (s) => [
      { column: 'university_code', owned: `${v('university_code')} = ${s.u}` },
      {
        column: 'parent_code',
        owned: `(${v('parent_code')} is null or ${v('parent_code')} in ${s.orgs}
                 or ${v('parent_code')} in (select b.v_org_code from typed_rows b where b.v_university_code = ${s.u}))`,
      },
    ],
    foreignKeys: (s) => `(select org_code from org_units where university_code <> ${s.u})`,
  },
  members: {
    owners: (s) => [{ column: 'branch_code', owned: `${v('branch_code')} in ${s.orgs}` }],
    foreignKeys: (s) => `(select member_id from members where branch_code not in ${s.orgs})`,
  },
  activities: {
    owners: (s) => [
      { column: 'branch_code', owned: `${v('branch_code')} in ${s.orgs}` },
      // a redo re-holds one of the university's own meetings (else it could clear another's halt)
      {
        column: 'redo_of',
        owned: `(${v('redo_of')} is null or ${v('redo_of')} in ${s.activities}
                 or ${v('redo_of')} in (select b.v_activity_id from typed_rows b where b.v_branch_code in ${s.orgs}))`,
      },
    ],
    foreignKeys: (s) => `(select activity_id from activities where branch_code not in ${s.orgs})`,
  },
  attendance: {
    owners: (s) => [
      { column: 'activity_id', owned: `${v('activity_id')} in ${s.activities}` },
      { column: 'member_id', owned: `${v('member_id')} in ${s.members}` },
    ],
  },
  observations: {
    owners: (s) => [
      { column: 'activity_id', owned: `${v('activity_id')} in ${s.activities}` },
      // the university records its own organisations' observations; the province's (省委教育工委)
      // are the province's to record and change
      { column: 'observer_org_code', owned: `${v('observer_org_code')} in ${s.orgs}` },
    ],
    foreignKeys: (s) => `(select observation_id from observations where activity_id not in ${s.activities} or observer_org_code not in ${s.orgs})`,
  },
  rectifications: {
    owners: (s) => [
      { column: 'branch_code', owned: `${v('branch_code')} in ${s.orgs}` },
      { column: 'observation_id', owned: optional('observation_id', s.observations) },
    ],
    foreignKeys: (s) => `(select item_id from rectifications where branch_code not in ${s.orgs})`,
  },
  cases: {
    owners: (s) => [
      { column: 'university_code', owned: `${v('university_code')} = ${s.u}` },
      { column: 'branch_code', owned: optional('branch_code', s.orgs) },
    ],
    foreignKeys: (s) => `(select case_id from cases where university_code <> ${s.u})`,
  },
  evaluations: {
    owners: (s) => [{ column: 'branch_code', owned: `${v('branch_code')} in ${s.orgs}` }],
  },
};

function label(table: TableSpec, column: string): string {
  const spec = table.columns.find((c) => c.name === column);
  if (!spec) throw new Error(`${table.name} has no column ${column}`);
  return `「${spec.headers[0]}」(${column})`;
}

/**
 * The statements of the scope check of `table`, run after the reference checks: first the
 * orphans of this run become out of scope, then rows in no doubt about their parents but
 * outside the university get their problem.
 */
export function scopeCheckSql(table: TableSpec, bag: ParamBag, scope: IngestScope): string[] {
  const u = bag.p(scope.universityCode);
  const orgs = `(select org_code from org_units where university_code = ${u})`;
  const activities = `(select activity_id from activities where branch_code in ${orgs})`;
  const sets: Sets = {
    u,
    orgs,
    activities,
    members: `(select member_id from members where branch_code in ${orgs})`,
    observations: `(select observation_id from observations where activity_id in ${activities})`,
  };
  const rule = RULES[table.name];
  const code = bag.p('out_of_scope');
  const outside = scope.universityCode;
  const unplaced = bag.p(
    `本行引用的上级记录不存在，无法确认属于本校（${outside}）：高校用户上传时，请把上级记录（党组织、党员、组织生活记录等）与本行一并导入。本行未导入。`,
  );
  const checks = rule.owners(sets).map((owner) => ({
    when: `not coalesce(${owner.owned}, false)`,
    then: `{'column': ${bag.p(owner.column)}, 'value': ${v(owner.column)}::varchar,
            'reason': ${bag.p(`本行的${label(table, owner.column)}不属于本校（${outside}）：高校用户只能导入本校的数据，本行未导入。`)},
            'code': ${code}}`,
  }));
  if (rule.foreignKeys) {
    const key = table.key[0];
    checks.push({
      when: `${v(key)} in ${rule.foreignKeys(sets)}`,
      then: `{'column': ${bag.p(key)}, 'value': ${v(key)}::varchar,
              'reason': ${bag.p(`${label(table, key)}已是其他高校的记录：高校用户不能修改其他高校的数据，本行未导入。`)},
              'code': ${code}}`,
    });
  }
  return [
    setProblemSql(
      `{'column': problem.column, 'value': problem.value, 'reason': ${unplaced}, 'code': ${code}}`,
      `quarantine_id is null and problem.code in (${bag.p('orphan')}, ${bag.p('parent_quarantined')})`,
    ),
    setProblemSql(
      `case ${checks.map((c) => `when ${c.when} then ${c.then}`).join('\n')} end`,
      `problem is null and (${checks.map((c) => c.when).join(' or ')})`,
    ),
  ];
}
