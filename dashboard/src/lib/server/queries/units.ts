/**
 * Looking units up (staging views only): a university, a college, a branch and the drill path
 * above it. Used by every drill-down page for its title and breadcrumb.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { readOne, readRows } from '../sql.ts';

export interface UniversityFacts {
  university_code: string;
  university_name: string;
  city: string | null;
  level: string | null;
}

export interface OrgPath {
  university_code: string;
  university_name: string;
  /** The 院系党委 / 党总支 directly above the branch (null if the branch hangs off the university). */
  college_code: string | null;
  college_name: string | null;
}

export interface OrgFacts extends OrgPath {
  org_code: string;
  org_name: string;
  org_type: string;
  parent_code: string | null;
  branch_category: string | null;
  established_on: string | null;
  dissolved_on: string | null;
  is_contact_point: boolean;
  dual_leader_secretary: boolean | null;
}

export async function findUniversity(c: DuckDBConnection, code: string): Promise<UniversityFacts | null> {
  return readOne<UniversityFacts>(c, 'select university_code, university_name, city, level from stg_universities where university_code = $1', [code]);
}

export async function listUniversities(c: DuckDBConnection): Promise<UniversityFacts[]> {
  return readRows<UniversityFacts>(c, 'select university_code, university_name, city, level from stg_universities order by university_name collate zh');
}

/** An org unit with its university and, for a branch, the college directly above it. */
export async function findOrg(c: DuckDBConnection, orgCode: string): Promise<OrgFacts | null> {
  return readOne<OrgFacts>(
    c,
    `select
       o.org_code, o.org_name, o.org_type, o.parent_code, o.branch_category,
       o.established_on, o.dissolved_on, o.is_contact_point, o.dual_leader_secretary,
       o.university_code, u.university_name,
       case when o.org_type in ('院系党委', '党总支') then o.org_code
            when p.org_type in ('院系党委', '党总支') then p.org_code end as college_code,
       case when o.org_type in ('院系党委', '党总支') then o.org_name
            when p.org_type in ('院系党委', '党总支') then p.org_name end as college_name
     from stg_org_units as o
     join stg_universities as u using (university_code)
     left join stg_org_units as p on p.org_code = o.parent_code
     where o.org_code = $1`,
    [orgCode],
  );
}
