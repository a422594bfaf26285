/**
 * 整改 (the closed loop): items by status, due in the period and overdue at as_of, the closure
 * rate by university, and the ageing of open items. Definitions as indicators.md and the models
 * (int_branch_month_facts, int_branch_period_sums): an item is *due in P* when due_on is in P
 * and ≤ as_of; *closed on time* when closed_on ≤ due_on and ≤ as_of; *open at as_of* when its
 * status is 未整改/整改中 (or it has neither status nor closed_on) or it closed after as_of;
 * *overdue* when open and due_on < as_of. Items found after as_of are not shown.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { allowsUniversity, scopeSql, type Scope } from '../../../../../auth/scope.ts';
import { AGE_BUCKETS, ageBucket, ITEM_STATUSES, type ItemStatus, type ItemView, type RectificationFilters } from '../../features/rectification/filters.ts';
import type { Period } from '../../state/periods.ts';
import { readRows } from '../sql.ts';
import { withConnection } from '../warehouse.ts';
import { listUniversities } from './units.ts';

export interface RectificationItem {
  item_id: string;
  branch_code: string;
  branch_name: string;
  university_code: string;
  university_name: string;
  source: string | null;
  description: string;
  found_on: string;
  due_on: string;
  closed_on: string | null;
  /** As recorded; '（未填）' when empty. */
  status: string;
  is_open: boolean;
  is_overdue: boolean;
  is_due_in_period: boolean;
  is_closed_on_time: boolean;
  /** Days since found, at as_of (open items) or until closed. */
  age_days: number;
  /** Days past due_on at as_of (open overdue items), else null. */
  days_overdue: number | null;
}

export interface ClosureRow {
  university_code: string;
  university_name: string;
  n_due: number;
  n_closed_on_time: number;
  n_closed_late: number;
  n_open_due: number;
  /** n_closed_on_time / n_due (the indicator rectification_rate); null when nothing was due. */
  rectification_rate: number | null;
  overdue_open: number;
}

export interface RectificationPage {
  missing: string | null;
  /**
   * The first `limit` items of the list (view and status filters applied), most urgent first:
   * overdue first, the longest overdue first (see itemsSql). The full list is exported by
   * GET /rectification/export (listRectificationItems).
   */
  items: RectificationItem[];
  /** How many items the full list (view and status filters applied) has. */
  nItems: number;
  /** Items (university filter applied) by recorded status. Every figure below is over all items in scope. */
  byStatus: { status: string; n: number; n_overdue: number }[];
  due: { n_due: number; n_closed_on_time: number; n_closed_late: number; n_open: number };
  overdueOpen: number;
  closure: ClosureRow[];
  /** Open items by age since found; overdue ones apart. */
  ageing: { bucket: string; n_open: number; n_overdue: number }[];
  universities: { code: string; name: string }[];
}

export interface RectificationQuery {
  period: Period;
  asOf: string;
  university: string | null;
  filters: RectificationFilters;
  /** How many items of the list the page carries (default ITEM_LIMIT). */
  limit?: number;
}

/**
 * The items a page carries at most: the province has tens of thousands of items, and sending
 * them all made the page megabytes. The figures are computed over all items; the list is the
 * most urgent first page, with the total; the export holds every item.
 */
export const ITEM_LIMIT = 500;

export const NO_STATUS = '（未填）';

/**
 * The items in scope (all of them, as the models count them), with their state at as_of (a CTE named `scoped`); `inScope`
 * is the scope condition on int_branches (alias b), its values bound after $4.
 */
const scopedItemsSql = (inScope: string) => `
  with params as (select $1::date as as_of, $2::date as p_start, $3::date as p_end),
  items as (
    select r.*, b.branch_name, b.university_code, b.university_name, p.*,
      coalesce(r.status in ('未整改', '整改中'), false) as is_open
    from stg_rectifications as r
    join int_branches as b using (branch_code)
    cross join params as p
    where ($4::varchar is null or b.university_code = $4)
      and ${inScope}
  ),
  scoped as (
    select item_id, branch_code, branch_name, university_code, university_name, source, description,
      found_on as found_date, due_on as due_date,
      strftime(found_on, '%Y-%m-%d') as found_on, strftime(due_on, '%Y-%m-%d') as due_on,
      strftime(closed_on, '%Y-%m-%d') as closed_on,
      coalesce(status, '${NO_STATUS}') as status,
      is_open,
      is_open and due_on < as_of as is_overdue,
      -- as the models count rectification_rate (indicators.md: "due_on in P"; "closed_on ≤ due_on")
      due_on between p_start and p_end as is_due_in_period,
      coalesce(closed_on <= due_on, false) as is_closed_on_time,
      date_diff('day', found_on, case when is_open then as_of else least(coalesce(closed_on, as_of), as_of) end)::integer as age_days,
      case when is_open and due_on < as_of then date_diff('day', due_on, as_of)::integer end as days_overdue
    from items
  )`;

/** Every figure of the page comes from these groups of items (all items in scope, however many). */
interface ItemGroup {
  university_code: string;
  status: string;
  is_open: boolean;
  is_overdue: boolean;
  is_due_in_period: boolean;
  is_closed_on_time: boolean;
  /** Age of open items (null for closed ones: they are not aged). */
  open_age_days: number | null;
  n: number;
}

const groupsSql = (inScope: string) => `${scopedItemsSql(inScope)}
  select university_code, status, is_open, is_overdue, is_due_in_period, is_closed_on_time,
    case when is_open then age_days end as open_age_days, count(*)::integer as n
  from scoped
  group by all`;

/**
 * The list: `view` (all, due, overdue, open) and `status` applied, most urgent first — overdue
 * first, the longest overdue (earliest due) first, then by due date — and at most `limit` rows
 * (bound NULL: all). The arguments are the placeholders of the bound values.
 */
const listSql = (inScope: string, view: string, status: string, limit: string) => `${scopedItemsSql(inScope)}
  select * exclude (found_date, due_date)
  from scoped
  where (${view}::varchar = 'all' or (${view} = 'due' and is_due_in_period) or (${view} = 'overdue' and is_overdue) or (${view} = 'open' and is_open))
    and (${status}::varchar is null or status = ${status})
  order by is_overdue desc, due_date, item_id
  limit ${limit}`;

function itemParams(q: RectificationQuery): DuckDBValue[] {
  return [q.asOf, q.period.start, q.period.end, q.university];
}

const SCOPE_COLUMNS = { university: 'b.university_code', college: 'b.college_code' };

export async function getRectificationPage(scope: Scope, q: RectificationQuery, built: ReadonlySet<string>): Promise<RectificationPage> {
  return withConnection(async (c) => {
    const universities = (await listUniversities(c))
      .filter((u) => allowsUniversity(scope, u.university_code))
      .map((u) => ({ code: u.university_code, name: u.university_name }));
    const empty: RectificationPage = {
      missing: null, items: [], nItems: 0, byStatus: [], due: { n_due: 0, n_closed_on_time: 0, n_closed_late: 0, n_open: 0 }, overdueOpen: 0, closure: [],
      ageing: AGE_BUCKETS.map((b) => ({ bucket: b.key, n_open: 0, n_overdue: 0 })), universities,
    };
    if (!built.has('int_branches')) return { ...empty, missing: 'int_branches' };
    const groupParams = itemParams(q);
    const groups = await readRows<ItemGroup>(c, groupsSql(scopeSql(scope, SCOPE_COLUMNS, groupParams)), groupParams);
    const page = { ...empty };
    const statusMap = new Map<string, { n: number; n_overdue: number }>();
    const closure = new Map<string, ClosureRow>();
    for (const u of universities) {
      if (q.university && u.code !== q.university) continue;
      closure.set(u.code, { university_code: u.code, university_name: u.name, n_due: 0, n_closed_on_time: 0, n_closed_late: 0, n_open_due: 0, rectification_rate: null, overdue_open: 0 });
    }
    for (const g of groups) {
      const n = g.n;
      const s = statusMap.get(g.status) ?? { n: 0, n_overdue: 0 };
      s.n += n;
      if (g.is_overdue) s.n_overdue += n;
      statusMap.set(g.status, s);
      const u = closure.get(g.university_code)!;
      if (g.is_overdue) {
        u.overdue_open += n;
        page.overdueOpen += n;
      }
      if (g.is_due_in_period) {
        u.n_due += n;
        page.due.n_due += n;
        if (g.is_closed_on_time) {
          u.n_closed_on_time += n;
          page.due.n_closed_on_time += n;
        } else if (g.is_open) {
          u.n_open_due += n;
          page.due.n_open += n;
        } else {
          u.n_closed_late += n;
          page.due.n_closed_late += n;
        }
      }
      if (g.is_open && g.open_age_days !== null) {
        const bucket = page.ageing.find((b) => b.bucket === ageBucket(g.open_age_days!))!;
        bucket.n_open += n;
        if (g.is_overdue) bucket.n_overdue += n;
      }
      if (inView(g, q.filters.view) && (q.filters.status === null || g.status === q.filters.status)) page.nItems += n;
    }
    for (const u of closure.values()) u.rectification_rate = u.n_due > 0 ? u.n_closed_on_time / u.n_due : null;
    // The contract's statuses in their order, then any other recorded value, then 未填.
    const rank = (status: string) => (status === NO_STATUS ? ITEM_STATUSES.length + 1 : ITEM_STATUSES.includes(status as ItemStatus) ? ITEM_STATUSES.indexOf(status as ItemStatus) : ITEM_STATUSES.length);
    page.byStatus = [...statusMap.entries()].map(([status, v]) => ({ status, ...v })).sort((a, b) => rank(a.status) - rank(b.status) || (a.status < b.status ? -1 : a.status > b.status ? 1 : 0));
    page.closure = [...closure.values()];
    page.items = await readItems(c, scope, q, q.limit ?? ITEM_LIMIT);
    return page;
  });
}

/**
 * Every item of the list (view and status filters applied), in the page's order: what
 * GET /rectification/export writes. Scoped as getRectificationPage.
 */
export async function listRectificationItems(scope: Scope, q: RectificationQuery, built: ReadonlySet<string>): Promise<RectificationItem[]> {
  if (!built.has('int_branches')) return [];
  return withConnection((c) => readItems(c, scope, q, null));
}

async function readItems(c: DuckDBConnection, scope: Scope, q: RectificationQuery, limit: number | null): Promise<RectificationItem[]> {
  const params = itemParams(q);
  const inScope = scopeSql(scope, SCOPE_COLUMNS, params);
  const bind = (value: DuckDBValue) => {
    params.push(value);
    return `$${params.length}`;
  };
  return readRows<RectificationItem>(c, listSql(inScope, bind(q.filters.view), bind(q.filters.status), bind(limit)), params);
}

function inView(item: Pick<RectificationItem, 'is_due_in_period' | 'is_overdue' | 'is_open'>, view: ItemView): boolean {
  switch (view) {
    case 'all':
      return true;
    case 'due':
      return item.is_due_in_period;
    case 'overdue':
      return item.is_overdue;
    case 'open':
      return item.is_open;
  }
}
