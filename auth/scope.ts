/**
 * What a user may see: the whole province, one university, or one college (a 院系党委 or
 * 党总支) and the branches directly below it — the definition of `college_code` in
 * models/intermediate/int_branches.sql. Every server function that reads or writes data takes
 * a Scope; this module is the one place that turns it into SQL (bound parameters only) and
 * into yes/no answers for a code named in a URL.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';

export type Role = 'province' | 'university' | 'college';
export const ROLES: readonly Role[] = ['province', 'university', 'college'];

export type Scope =
  | { readonly role: 'province' }
  | { readonly role: 'university'; readonly universityCode: string }
  | { readonly role: 'college'; readonly universityCode: string; readonly collegeCode: string };

/** The province's scope: everything (the CLI's reports run with it). */
export const PROVINCE: Scope = Object.freeze({ role: 'province' });

export const ROLE_LABEL: Record<Role, string> = { province: '省级', university: '高校', college: '院系' };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The organisation types that are colleges (院系) for a college user's scope. */
export const COLLEGE_TYPES = ['院系党委', '党总支'] as const;

/** Where an org unit sits: its university and the college at or directly above it (if any). */
export interface Place {
  university_code: string;
  /** The 院系党委/党总支 itself, the one directly above a branch, or the one above a 党小组's branch. */
  college_code: string | null;
}

/** The place of an org unit, or null when it does not exist. */
export async function placeOfOrg(c: DuckDBConnection, orgCode: string): Promise<Place | null> {
  const rows = (
    await c.runAndReadAll(
      `select o.university_code,
         case when o.org_type in ('院系党委', '党总支') then o.org_code
              when o.org_type = '党支部' and p.org_type in ('院系党委', '党总支') then p.org_code
              when o.org_type = '党小组' and gp.org_type in ('院系党委', '党总支') and p.org_type = '党支部' then gp.org_code
         end as college_code
       from org_units o
       left join org_units p on p.org_code = o.parent_code
       left join org_units gp on gp.org_code = p.parent_code
       where o.org_code = $1`,
      [orgCode],
    )
  ).getRows();
  if (!rows.length) return null;
  return { university_code: String(rows[0][0]), college_code: rows[0][1] === null ? null : String(rows[0][1]) };
}

/** May this scope see anything of university `code`? (A college user: only its own university.) */
export function allowsUniversity(scope: Scope, code: string | null | undefined): boolean {
  if (scope.role === 'province') return true;
  return typeof code === 'string' && code === scope.universityCode;
}

/** May this scope see the whole of university `code` (its figures, its list of colleges)? */
export function allowsWholeUniversity(scope: Scope, code: string | null | undefined): boolean {
  if (scope.role === 'college') return false;
  return allowsUniversity(scope, code);
}

/** May this scope see an org unit at `place`? */
export function allowsPlace(scope: Scope, place: Place | null): boolean {
  if (!place) return false;
  switch (scope.role) {
    case 'province':
      return true;
    case 'university':
      return place.university_code === scope.universityCode;
    case 'college':
      return place.university_code === scope.universityCode && place.college_code === scope.collegeCode;
  }
}

/** May this scope see org unit `orgCode`? (false when it does not exist) */
export async function allowsOrg(c: DuckDBConnection, scope: Scope, orgCode: string): Promise<boolean> {
  if (scope.role === 'province') return (await placeOfOrg(c, orgCode)) !== null;
  return allowsPlace(scope, await placeOfOrg(c, orgCode));
}

/** Column names of a relation a scope condition may use (plain or alias-qualified identifiers). */
export interface ScopeColumns {
  /** Column holding the university code. */
  university?: string;
  /** Column holding the college code (院系党委/党总支 directly above the branch). */
  college?: string;
  /** Column holding a branch (or any org) code: used when the others are missing. */
  branch?: string;
}

function column(name: string): string {
  if (!/^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/.test(name)) throw new Error(`not a column name: ${name}`);
  return name;
}

/**
 * The SQL condition restricting rows to `scope`, its values bound: appended to `params` as
 * positional parameters ($n) when `params` is an array, else set as named ones
 * ($scope_university, $scope_college). Province: `true`. A relation without the columns a scope
 * needs cannot be scoped: that is a programming error, thrown, never a silent "everything".
 *
 *   const params: DuckDBValue[] = [period.code];
 *   const where = scopeSql(scope, { university: 'university_code', college: 'college_code' }, params);
 *   readRows(c, `select … from mart_x where period_code = $1 and ${where}`, params);
 */
export function scopeSql(scope: Scope, columns: ScopeColumns, params: DuckDBValue[] | Record<string, DuckDBValue>): string {
  const bind = (name: 'scope_university' | 'scope_college', value: string) => {
    if (Array.isArray(params)) {
      params.push(value);
      return `$${params.length}`;
    }
    params[name] = value;
    return `$${name}`;
  };
  switch (scope.role) {
    case 'province':
      return 'true';
    case 'university':
      if (columns.university) return `(${column(columns.university)} = ${bind('scope_university', scope.universityCode)})`;
      if (columns.branch) {
        return `(${column(columns.branch)} in (select org_code from org_units where university_code = ${bind('scope_university', scope.universityCode)}))`;
      }
      break;
    case 'college':
      if (columns.college) return `(${column(columns.college)} = ${bind('scope_college', scope.collegeCode)})`;
      if (columns.branch) {
        return `(${column(columns.branch)} in (select org_code from org_units where org_type = '党支部' and parent_code = ${bind('scope_college', scope.collegeCode)}))`;
      }
      break;
  }
  throw new Error(`scopeSql: no column to restrict a ${scope.role} scope (${JSON.stringify(columns)})`);
}

/**
 * The condition "this university is the scope's" (a college user's own university counts: its
 * name may be shown, though not its other colleges), values bound as in scopeSql.
 */
export function universitySql(scope: Scope, column: string, params: DuckDBValue[] | Record<string, DuckDBValue>): string {
  if (scope.role === 'province') return 'true';
  return scopeSql({ role: 'university', universityCode: scope.universityCode }, { university: column }, params);
}

/** A short Chinese description for people: 全省 / 高校 U001 合肥示范大学 / 院系 … */
export async function describeScope(c: DuckDBConnection, scope: Scope): Promise<{ role: Role; code: string | null; name: string }> {
  if (scope.role === 'province') return { role: 'province', code: null, name: '全省' };
  if (scope.role === 'university') {
    const rows = (await c.runAndReadAll('select university_name from universities where university_code = $1', [scope.universityCode])).getRows();
    return { role: 'university', code: scope.universityCode, name: rows.length ? String(rows[0][0]) : scope.universityCode };
  }
  const rows = (await c.runAndReadAll('select org_name from org_units where org_code = $1', [scope.collegeCode])).getRows();
  return { role: 'college', code: scope.collegeCode, name: rows.length ? String(rows[0][0]) : scope.collegeCode };
}

/** Problems with a user's scope code, for people; null when it is right. */
export async function checkScopeCode(c: DuckDBConnection, role: Role, code: string | null): Promise<string | null> {
  if (role === 'province') return code ? '省级用户不需要 --scope（可以查看全省）。' : null;
  if (!code) {
    return role === 'university'
      ? '高校用户需要 --scope 高校代码（如 --scope U001）。'
      : '院系用户需要 --scope 院系党组织代码（院系党委或党总支的组织代码）。';
  }
  if (role === 'university') {
    const rows = (await c.runAndReadAll('select 1 from universities where university_code = $1', [code])).getRows();
    if (rows.length) return null;
    const known = (await c.runAndReadAll('select university_code from universities order by 1 limit 12')).getRows().map((r) => String(r[0]));
    const listed = known.length ? `现有高校代码：${known.join('、')}${known.length === 12 ? ' 等' : ''}` : '数据仓库中还没有高校';
    return `数据仓库中没有高校代码「${code}」：请先导入高校数据，或检查代码（${listed}）。`;
  }
  const rows = (await c.runAndReadAll('select org_type from org_units where org_code = $1', [code])).getRows();
  if (!rows.length) return `数据仓库中没有组织代码「${code}」：请先导入党组织数据，或检查代码。`;
  const type = String(rows[0][0]);
  return (COLLEGE_TYPES as readonly string[]).includes(type)
    ? null
    : `组织「${code}」是${type}，不是院系（院系党委或党总支）：院系用户的 --scope 应为院系的组织代码。`;
}

/** The Scope of a user with `role` and `scopeCode`; null when the code no longer resolves (data changed). */
export async function resolveScope(c: DuckDBConnection, role: Role, scopeCode: string | null): Promise<Scope | null> {
  if (role === 'province') return PROVINCE;
  if (!scopeCode) return null;
  if (role === 'university') {
    const rows = (await c.runAndReadAll('select 1 from universities where university_code = $1', [scopeCode])).getRows();
    return rows.length ? { role: 'university', universityCode: scopeCode } : null;
  }
  const rows = (
    await c.runAndReadAll("select university_code from org_units where org_code = $1 and org_type in ('院系党委', '党总支')", [scopeCode])
  ).getRows();
  return rows.length ? { role: 'college', universityCode: String(rows[0][0]), collegeCode: scopeCode } : null;
}
