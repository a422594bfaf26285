/**
 * A small hand-built warehouse for the browser tests: 3 universities (合肥, 芜湖, 安庆),
 * 2 colleges each, 3 branches per college (one with a 党小组), 8–12 members per branch,
 * a year of meetings (2023-07 … 2024-06, plus one in early July so that 2024Q2 is complete),
 * their rolls, some observations (one halted and redone), rectification items, cases and
 * ratings. Deterministic: the same rows every time. Loaded through JSON files and DuckDB's
 * own reader, then the models are built, as the ingest would.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openWarehouse, inTransaction, type Warehouse } from '../../warehouse/database.ts';

/** A tiny deterministic generator (mulberry32). */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = ['张', '王', '李', '赵', '陈', '刘', '杨', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林'];
const GIVEN = ['华', '明', '丽', '强', '芳', '伟', '静', '磊', '敏', '军', '燕', '涛'];

export const FIXTURE = {
  universities: [
    { university_code: 'U001', university_name: '合肥示范大学', city: '合肥', level: '本科' },
    { university_code: 'U002', university_name: '芜湖职业技术学院', city: '芜湖', level: '专科' },
    { university_code: 'U003', university_name: '安庆师范学院', city: '安庆', level: '本科' },
  ],
  colleges: ['马克思主义学院', '计算机学院'],
  /** The branch the drill-down test walks to, and one of its meetings. */
  drillBranch: 'U001-C1-B1',
  asOf: '2024-07-02',
  defaultPeriod: '2024Q2',
};

const pad = (n: number) => String(n).padStart(2, '0');

export interface FixtureRows {
  universities: Record<string, unknown>[];
  org_units: Record<string, unknown>[];
  members: Record<string, unknown>[];
  activities: Record<string, unknown>[];
  attendance: Record<string, unknown>[];
  observations: Record<string, unknown>[];
  rectifications: Record<string, unknown>[];
  cases: Record<string, unknown>[];
  evaluations: Record<string, unknown>[];
}

export function fixtureRows(): FixtureRows {
  const r = rng(20240702);
  const lineage = { run_id: 'fixture-run', file_id: 1 };
  let line = 2;
  const L = () => ({ ...lineage, line: line++ });
  const rows: FixtureRows = { universities: [], org_units: [], members: [], activities: [], attendance: [], observations: [], rectifications: [], cases: [], evaluations: [] };
  const months: { y: number; m: number }[] = [];
  for (let i = 0; i < 12; i++) months.push({ y: 2023 + Math.floor((6 + i) / 12), m: ((6 + i) % 12) + 1 });

  for (const [ui, u] of FIXTURE.universities.entries()) {
    rows.universities.push({ ...u, ...L() });
    const top = `${u.university_code}-DW`;
    rows.org_units.push({ org_code: top, org_name: `中共${u.university_name}委员会`, org_type: '高校党委', parent_code: null, university_code: u.university_code, branch_category: null, established_on: null, dissolved_on: null, is_contact_point: null, dual_leader_secretary: null, ...L() });
    for (const [ci, cname] of FIXTURE.colleges.entries()) {
      const college = `${u.university_code}-C${ci + 1}`;
      rows.org_units.push({ org_code: college, org_name: `${cname}党委`, org_type: '院系党委', parent_code: top, university_code: u.university_code, branch_category: null, established_on: null, dissolved_on: null, is_contact_point: null, dual_leader_secretary: null, ...L() });
      for (let bi = 1; bi <= 3; bi++) {
        const branch = `${college}-B${bi}`;
        const category = bi === 1 ? '教职工' : '学生';
        const branchName = `${cname.replace('学院', '')}${category === '教职工' ? '教工' : '学生'}第${'一二三'[bi - 1]}党支部`;
        rows.org_units.push({ org_code: branch, org_name: branchName, org_type: '党支部', parent_code: college, university_code: u.university_code, branch_category: category, established_on: '2020-09-01', dissolved_on: null, is_contact_point: bi === 1 && ci === 0, dual_leader_secretary: bi === 1, ...L() });
        const hasGroup = bi === 1;
        const group = `${branch}-G1`;
        if (hasGroup) rows.org_units.push({ org_code: group, org_name: `${branchName}第一党小组`, org_type: '党小组', parent_code: branch, university_code: u.university_code, branch_category: null, established_on: null, dissolved_on: null, is_contact_point: null, dual_leader_secretary: null, ...L() });
        const size = 8 + Math.floor(r() * 5);
        const memberIds: string[] = [];
        for (let mi = 1; mi <= size; mi++) {
          const id = `M${u.university_code.slice(1)}${ci + 1}${bi}${pad(mi)}`;
          memberIds.push(id);
          const s = SURNAMES[Math.floor(r() * SURNAMES.length)];
          const g = GIVEN[Math.floor(r() * GIVEN.length)];
          rows.members.push({
            member_id: id, name: `${s}*${g}`, id_hash: null,
            member_status: mi <= size - 1 ? '正式党员' : '预备党员', branch_code: branch,
            group_code: hasGroup && mi <= 5 ? group : null, person_category: category === '教职工' ? '教职工' : '学生',
            is_leading_cadre: bi === 1 && mi === 2, branch_role: mi === 1 ? '书记' : mi === 2 ? '副书记' : mi <= 4 ? '委员' : '无',
            joined_branch_on: null, left_branch_on: null, ...L(),
          });
        }
        const fullMembers = size - 1;
        // Branch quality: U001 best, U003 weakest; the first branch of each college misses fewer meetings.
        const missChance = 0.05 + ui * 0.08 + (bi - 1) * 0.04;
        let activityNo = 0;
        const add = (type: string, y: number, m: number, day: number, tags: string[], extra: Record<string, unknown> = {}) => {
          activityNo++;
          const id = `A-${branch}-${y}${pad(m)}-${pad(activityNo)}`;
          const hour = 14 + Math.floor(r() * 3);
          const minutes = type === '主题党日' || type === '党小组会' ? 60 : 90;
          const start = `${y}-${pad(m)}-${pad(day)} ${pad(hour)}:00:00`;
          const end = `${y}-${pad(m)}-${pad(day)} ${pad(hour + Math.floor(minutes / 60))}:${pad(minutes % 60)}:00`;
          const online = r() < 0.2;
          rows.activities.push({
            activity_id: id, branch_code: branch, group_code: type === '党小组会' ? group : null, activity_type: type,
            title: `${m}月${type}：${tags[0] ?? '学习'}`, started_at: start, ended_at: end, mode: online ? '线上线下结合' : '线下',
            expected_count: null, attended_count: null, leave_count: null, absent_count: null, content_tags: tags,
            has_minutes: true, criticism_count: type === '组织生活会' ? 3 + Math.floor(r() * 5) : null, redo_of: null, ...extra, ...L(),
          });
          let signed = 0;
          for (const [k, mid] of memberIds.entries()) {
            const x = r();
            const status = x < 0.84 ? '出席' : x < 0.94 ? '请假' : '缺席';
            signed++;
            rows.attendance.push({
              activity_id: id, member_id: mid, attendance_status: status,
              signed_in_at: status === '出席' ? `${y}-${pad(m)}-${pad(day)} ${pad(hour - 1)}:${pad(45 + ((k * 3 + signed) % 15))}:00` : null,
              leave_reason: status === '请假' ? '外出公务' : null, as_ordinary_member: k === 1 && bi === 1 ? true : null, ...L(),
            });
          }
          return id;
        };
        for (const { y, m } of months) {
          if (r() > missChance) add('主题党日', y, m, 10 + Math.floor(r() * 10), ['理论学习', '志愿服务'].slice(0, 1 + Math.floor(r() * 2)));
          if (fullMembers >= 7 && r() > missChance) add('支部委员会会议', y, m, 5, ['业务工作']);
          if (hasGroup && r() > missChance) add('党小组会', y, m, 20, ['政治教育']);
          if (m % 3 === 2) {
            if (r() > missChance) add('党课', y, m, 15, ['党性锤炼']);
            if (r() > missChance / 2) add('支部党员大会', y, m, 25, ['理论学习']);
          }
          if (m === 12) {
            add('组织生活会', y, m, 18, ['批评与自我批评']);
            add('民主评议党员', y, m, 22, ['政治体检']);
            if (r() > missChance) add('支部党员大会', y, m, 28, ['年度组织生活通报']);
          }
        }
        if (ci === 0 && bi === 1) add('主题党日', 2024, 7, 2, ['理论学习']);
        rows.evaluations.push({ year: 2023, branch_code: branch, rating: bi === 1 ? '好' : bi === 2 ? '较好' : '一般', ...L() });
      }
    }
    for (const q of ['2022Q3', '2022Q4', '2023Q1', '2023Q2', '2023Q3', '2023Q4', '2024Q1', '2024Q2']) {
      if (ui === 2 && (q === '2023Q4' || q === '2024Q2')) continue;
      rows.cases.push({ case_id: `CASE-${u.university_code}-${q}`, university_code: u.university_code, branch_code: `${u.university_code}-C1-B1`, quarter: q, title: `${u.university_name}${q}典型案例`, submitted_on: null, selection: q === '2024Q1' && ui === 0 ? '省级优秀' : '已推报', ...L() });
    }
  }

  // Observations: every 7th activity (not 支委会); the drill branch's March theme day is halted and redone.
  const observed = rows.activities.filter((a, i) => i % 7 === 0 && a.activity_type !== '支部委员会会议');
  for (const [i, a] of observed.entries()) {
    const base = 72 + Math.floor(r() * 20);
    const halted = i === 3;
    rows.observations.push({
      observation_id: `OBS-${pad(i + 1)}`, activity_id: a.activity_id, observer_name: `督*员${(i % 5) + 1}`, observer_org_code: '省委教育工委',
      score_political: base + 3, score_contemporary: base - 2, score_principled: base, score_combative: base - 5,
      problems: halted ? ['形式化'] : i % 4 === 0 ? ['表面化'] : [], halted, comments: halted ? '会议流于形式，当场叫停' : '组织规范', ...L(),
    });
    if (halted) {
      const started = String(a.started_at);
      const day = Number(started.slice(8, 10));
      const redoDay = Math.min(day + 7, 28);
      const redo = { ...a, activity_id: `${a.activity_id}-R`, title: `${a.title}（补开）`, started_at: `${started.slice(0, 8)}${pad(redoDay)}${started.slice(10)}`, ended_at: `${String(a.ended_at).slice(0, 8)}${pad(redoDay)}${String(a.ended_at).slice(10)}`, redo_of: a.activity_id, ...L() };
      rows.activities.push(redo);
      for (const att of rows.attendance.filter((x) => x.activity_id === a.activity_id)) {
        rows.attendance.push({ ...att, activity_id: redo.activity_id, signed_in_at: att.signed_in_at ? `${String(att.signed_in_at).slice(0, 8)}${pad(redoDay)}${String(att.signed_in_at).slice(10)}` : null, ...L() });
      }
    }
    if (i % 3 === 0) {
      const found = String(a.started_at).slice(0, 10);
      const due = found.slice(0, 8) + '28';
      rows.rectifications.push({
        item_id: `RECT-${pad(i + 1)}`, branch_code: a.branch_code, source: '列席督导', observation_id: `OBS-${pad(i + 1)}`, description: '学习内容与实际结合不够',
        found_on: found, due_on: due, closed_on: i % 2 === 0 ? due : null, status: i % 2 === 0 ? '已销号' : '整改中', ...L(),
      });
    }
  }
  return rows;
}

/** The drill branch's first 主题党日 of April 2024 (an activity page the tests open). */
export function drillActivityId(): string {
  const a = fixtureRows().activities.find(
    (x) => x.branch_code === FIXTURE.drillBranch && x.activity_type === '主题党日' && String(x.started_at).startsWith('2024-04'),
  );
  if (!a) throw new Error('the fixture has no April 2024 theme day for the drill branch');
  return String(a.activity_id);
}

/** Create (replacing) the fixture warehouse at `dbPath` and build the models. */
export async function createFixtureWarehouse(dbPath: string, options: { buildModels?: boolean } = {}): Promise<void> {
  for (const f of [dbPath, `${dbPath}.wal`]) fs.rmSync(f, { force: true });
  const warehouse: Warehouse = await openWarehouse(dbPath);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhixiao-fixture-'));
  try {
    const rows = fixtureRows();
    await inTransaction(warehouse, async (c) => {
      await c.run("insert into ingest_runs (run_id, started_at, finished_at, status, n_files) values ('fixture-run', timestamp '2024-07-03 09:00:00', timestamp '2024-07-03 09:00:05', 'committed', 1)");
      // file_id from the sequence (1 on a fresh warehouse): a later upload then gets the next one.
      await c.run("insert into source_files (file_id, run_id, path, sha256, bytes, table_name, status) values (nextval('source_file_id_seq'), 'fixture-run', 'fixture/三会一课导出_20240703.xlsx', 'fixture', 0, 'activities', 'loaded')");
      for (const [table, list] of Object.entries(rows)) {
        const file = path.join(dir, `${table}.json`);
        fs.writeFileSync(file, JSON.stringify(list));
        // The table name comes from this module's own keys (an allow-list), the file path is bound.
        await c.run(`insert into ${table} by name select * from read_json($1, format = 'array', sample_size = -1)`, [file]);
      }
      if (options.buildModels !== false) {
        const { buildModels } = await import('../../models/runner.ts');
        await buildModels(c, { checks: false });
      }
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    warehouse.close();
  }
}
