/**
 * 活动 page: one meeting's fields, its roll (masked names, status, sign-in time), its
 * observations, its redo or the meeting it redoes, and its lineage (file, line, run).
 */
import type { DuckDBValue } from '@duckdb/node-api';
import { allowsPlace, scopeSql, type Scope } from '../../../../../auth/scope.ts';
import { readOne, readRows } from '../sql.ts';
import { withConnection } from '../warehouse.ts';
import { findOrg, type OrgFacts } from './units.ts';

export interface ActivityPage {
  activity: {
    activity_id: string; branch_code: string; group_code: string | null; activity_type: string; title: string;
    started_at: string; ended_at: string | null; mode: string; expected_count: number | null; attended_count: number | null;
    leave_count: number | null; absent_count: number | null; content_tags: string[]; has_minutes: boolean | null;
    criticism_count: number | null; redo_of: string | null;
  };
  branch: OrgFacts | null;
  roll: { member_id: string; member_name: string; branch_role: string | null; attendance_status: string; signed_in_at: string | null; leave_reason: string | null; as_ordinary_member: boolean | null; is_leading_cadre: boolean | null }[];
  observations: { observation_id: string; observer_name_masked: string; observer_org_code: string; score_political: number | null; score_contemporary: number | null; score_principled: number | null; score_combative: number | null; problems: string[]; halted: boolean; comments: string | null }[];
  redoOf: { activity_id: string; title: string; started_at: string } | null;
  redoneBy: { activity_id: string; title: string; started_at: string }[];
  lineage: { run_id: string; line: number; path: string | null; sheet: string | null; run_started_at: string | null } | null;
}

export async function getActivityPage(scope: Scope, id: string): Promise<ActivityPage | null> {
  return withConnection(async (c) => {
    const activity = await readOne<ActivityPage['activity']>(
      c,
      `select activity_id, branch_code, group_code, activity_type, title, started_at, ended_at, mode, expected_count,
              attended_count, leave_count, absent_count, content_tags, has_minutes, criticism_count, redo_of
       from stg_activities where activity_id = $1`,
      [id],
    );
    if (!activity) return null;
    const branch = await findOrg(c, activity.branch_code);
    // Outside the scope the meeting does not exist (404).
    if (!branch || !allowsPlace(scope, { university_code: branch.university_code, college_code: branch.college_code })) return null;
    const roll = await readRows<ActivityPage['roll'][number]>(
      c,
      `select t.member_id, coalesce(m.member_name_masked, t.member_id) as member_name, m.branch_role,
              t.attendance_status, strftime(t.signed_in_at, '%Y-%m-%d %H:%M:%S') as signed_in_at, t.leave_reason,
              t.as_ordinary_member, m.is_leading_cadre
       from stg_attendance as t
       left join stg_members as m using (member_id)
       where t.activity_id = $1
       order by case t.attendance_status when '出席' then 1 when '请假' then 2 when '缺席' then 3 else 4 end,
                t.signed_in_at nulls last, coalesce(m.member_name_masked, t.member_id) collate zh`,
      [id],
    );
    const observations = await readRows<ActivityPage['observations'][number]>(
      c,
      `select observation_id, observer_name_masked, observer_org_code, score_political, score_contemporary,
              score_principled, score_combative, problems, halted, comments
       from stg_observations where activity_id = $1 order by observation_id`,
      [id],
    );
    // The meeting it redoes and those that redo it, as far as the scope reaches: an export may
    // name another university's meeting in 补开原活动编号, whose title is not this user's to see.
    const redoOfParams: DuckDBValue[] = [activity.redo_of];
    const redoOf = activity.redo_of
      ? await readOne<{ activity_id: string; title: string; started_at: string }>(
          c,
          `select activity_id, title, started_at from stg_activities
           where activity_id = $1 and ${scopeSql(scope, { branch: 'branch_code' }, redoOfParams)}`,
          redoOfParams,
        )
      : null;
    const redoneByParams: DuckDBValue[] = [id];
    const redoneBy = await readRows<{ activity_id: string; title: string; started_at: string }>(
      c,
      `select activity_id, title, started_at from stg_activities
       where redo_of = $1 and ${scopeSql(scope, { branch: 'branch_code' }, redoneByParams)} order by started_at`,
      redoneByParams,
    );
    // Lineage is kept on the loaded table itself (run, file, line), not in the staging view.
    const lineage = await readOne<ActivityPage['lineage'] & object>(
      c,
      `select a.run_id, a.line, f.path, f.sheet, strftime(r.started_at, '%Y-%m-%d %H:%M:%S') as run_started_at
       from activities as a
       left join source_files as f on f.file_id = a.file_id
       left join ingest_runs as r on r.run_id = a.run_id
       where a.activity_id = $1`,
      [id],
    );
    // A file's folder may name more than this scope: outside the province only its name is shown.
    if (lineage?.path && scope.role !== 'province') lineage.path = lineage.path.split(/[\\/]/).pop() ?? null;
    return { activity, branch, roll, observations, redoOf: redoOf ?? (activity.redo_of ? { activity_id: activity.redo_of, title: activity.redo_of, started_at: '' } : null), redoneBy, lineage };
  });
}
