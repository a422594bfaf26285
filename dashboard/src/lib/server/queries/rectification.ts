/**
 * 整改 (the closed loop): items by status, due in the period and overdue at as_of, the closure
 * rate by university, and the ageing of open items. Definitions as indicators.md and the models
 * (int_branch_month_facts, int_branch_period_sums): an item is *due in P* when due_on is in P
 * and ≤ as_of; *closed on time* when closed_on ≤ due_on and ≤ as_of; *open at as_of* when its
 * status is 未整改/整改中 (or it has neither status nor closed_on) or it closed after as_of;
 * *overdue* when open and due_on < as_of. Items found after as_of are not shown.
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { allowsUniversity, scopeSql, type Scope } from '../../../../../auth/scope.ts';
import { AGE_BUCKETS, ageBucket, type ItemView, type RectificationFilters } from '../../features/rectification/filters.ts';
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
  items: RectificationItem[];
  /** Items (university filter applied) by recorded status. */
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
}

export const NO_STATUS = '（未填）';

/** The items query; `inScope` is the scope condition on int_branches (alias b), its values bound after $4. */
const itemsSql = (inScope: string) => `
  with params as (select $1::date as as_of, $2::date as p_start, $3::date as p_end),
  items as (
    select r.*, b.branch_name, b.university_code, b.university_name, p.*,
      (r.status in ('未整改', '整改中') or (r.status is null and r.closed_on is null) or r.closed_on > p.as_of) as is_open
    from stg_rectifications as r
    join int_branches as b using (branch_code)
    cross join params as p
    where r.found_on <= p.as_of and ($4::varchar is null or b.university_code = $4)
      and ${inScope}
  )
  select item_id, branch_code, branch_name, university_code, university_name, source, description,
    strftime(found_on, '%Y-%m-%d') as found_on, strftime(due_on, '%Y-%m-%d') as due_on,
    case when closed_on <= as_of then strftime(closed_on, '%Y-%m-%d') end as closed_on,
    coalesce(status, '${NO_STATUS}') as status,
    is_open,
    is_open and due_on < as_of as is_overdue,
    due_on between p_start and p_end and due_on <= as_of as is_due_in_period,
    coalesce(closed_on <= due_on and closed_on <= as_of, false) as is_closed_on_time,
    date_diff('day', found_on, case when is_open then as_of else least(coalesce(closed_on, as_of), as_of) end)::integer as age_days,
    case when is_open and due_on < as_of then date_diff('day', due_on, as_of)::integer end as days_overdue
  from items
  order by is_overdue desc, due_on, item_id`;

export async function getRectificationPage(scope: Scope, q: RectificationQuery, built: ReadonlySet<string>): Promise<RectificationPage> {
  return withConnection(async (c) => {
    const universities = (await listUniversities(c))
      .filter((u) => allowsUniversity(scope, u.university_code))
      .map((u) => ({ code: u.university_code, name: u.university_name }));
    const empty: RectificationPage = {
      missing: null, items: [], byStatus: [], due: { n_due: 0, n_closed_on_time: 0, n_closed_late: 0, n_open: 0 }, overdueOpen: 0, closure: [],
      ageing: AGE_BUCKETS.map((b) => ({ bucket: b.key, n_open: 0, n_overdue: 0 })), universities,
    };
    if (!built.has('int_branches')) return { ...empty, missing: 'int_branches' };
    const params: DuckDBValue[] = [q.asOf, q.period.start, q.period.end, q.university];
    const inScope = scopeSql(scope, { university: 'b.university_code', college: 'b.college_code' }, params);
    const all = await readRows<RectificationItem>(c, itemsSql(inScope), params);
    const page = { ...empty };
    const statusMap = new Map<string, { n: number; n_overdue: number }>();
    const closure = new Map<string, ClosureRow>();
    for (const u of universities) {
      if (q.university && u.code !== q.university) continue;
      closure.set(u.code, { university_code: u.code, university_name: u.name, n_due: 0, n_closed_on_time: 0, n_closed_late: 0, n_open_due: 0, rectification_rate: null, overdue_open: 0 });
    }
    for (const item of all) {
      const s = statusMap.get(item.status) ?? { n: 0, n_overdue: 0 };
      s.n++;
      if (item.is_overdue) s.n_overdue++;
      statusMap.set(item.status, s);
      const u = closure.get(item.university_code)!;
      if (item.is_overdue) {
        u.overdue_open++;
        page.overdueOpen++;
      }
      if (item.is_due_in_period) {
        u.n_due++;
        page.due.n_due++;
        if (item.is_closed_on_time) {
          u.n_closed_on_time++;
          page.due.n_closed_on_time++;
        } else if (item.is_open) {
          u.n_open_due++;
          page.due.n_open++;
        } else {
          u.n_closed_late++;
          page.due.n_closed_late++;
        }
      }
      if (item.is_open) {
        const bucket = page.ageing.find((b) => b.bucket === ageBucket(item.age_days))!;
        bucket.n_open++;
        if (item.is_overdue) bucket.n_overdue++;
      }
    }
    for (const u of closure.values()) u.rectification_rate = u.n_due > 0 ? u.n_closed_on_time / u.n_due : null;
    page.byStatus = [...statusMap.entries()].map(([status, v]) => ({ status, ...v }));
    page.closure = [...closure.values()];
    page.items = all.filter((item) => inView(item, q.filters.view) && (q.filters.status === null || item.status === q.filters.status));
    return page;
  });
}

function inView(item: RectificationItem, view: ItemView): boolean {
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
