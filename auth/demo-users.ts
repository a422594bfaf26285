/**
 * The demo's three accounts, made by `npm start` right after it ingested the demo data (and only
 * then, and only when there are no users yet): the province, the first university that has a
 * college, and that college. Their generated passwords are returned to be printed once.
 */
import type { Warehouse } from '../warehouse/database.ts';
import { withAuthConnection } from './connection.ts';
import { generatePassword } from './passwords.ts';
import type { Role } from './scope.ts';
import { addUser, listUsers } from './users.ts';

export interface DemoUser {
  username: string;
  role: Role;
  scopeCode: string | null;
  /** The university's or college's name, for people. */
  scopeName: string;
  password: string;
}

export const DEMO_USERNAMES = { province: 'demo-province', university: 'demo-university', college: 'demo-college' } as const;

/** Create the demo users; [] when there are users already or the data has no college. */
export async function createDemoUsers(warehouse: Warehouse): Promise<DemoUser[]> {
  if ((await listUsers(warehouse)).length > 0) return [];
  const place = await withAuthConnection(warehouse, async (c) => {
    const rows = (
      await c.runAndReadAll(
        `select u.university_code, u.university_name, o.org_code, o.org_name
         from org_units o
         join universities u using (university_code)
         where o.org_type in ('院系党委', '党总支')
           and exists (select 1 from org_units b where b.parent_code = o.org_code and b.org_type = '党支部')
         order by u.university_code, o.org_code
         limit 1`,
      )
    ).getRows();
    return rows.length ? rows[0].map(String) : null;
  });
  if (!place) return [];
  const [universityCode, universityName, collegeCode, collegeName] = place;
  const wanted: Omit<DemoUser, 'password'>[] = [
    { username: DEMO_USERNAMES.province, role: 'province', scopeCode: null, scopeName: '全省' },
    { username: DEMO_USERNAMES.university, role: 'university', scopeCode: universityCode, scopeName: universityName },
    { username: DEMO_USERNAMES.college, role: 'college', scopeCode: collegeCode, scopeName: `${universityName} ${collegeName}` },
  ];
  const made: DemoUser[] = [];
  for (const user of wanted) {
    const password = generatePassword();
    await addUser(warehouse, { username: user.username, role: user.role, scope: user.scopeCode, password });
    made.push({ ...user, password });
  }
  return made;
}
