/**
 * `generateDemo`: writes a folder of realistic export files — fictional universities
 * in Anhui's 16 cities, their organisations, members and organisational life, with the
 * export quirks of data-contract.md, planted anomalies and a few bad rows — and returns
 * a summary of what it wrote and planted. Deterministic for a seed and an end date.
 *
 * The history is prefix-stable: the world is simulated through 31 December of the end
 * date's year, whatever the end date (scale.ts `horizonOf`), every part from its own
 * random stream, and written as known on the end date — what exists by then, with the
 * leaving, dissolution, closing and selection still to come left out. Two runs with the
 * same seed and years ending on E1 < E2 of one year write the same records up to E1, and
 * each record the same way (a row's spelling quirks are drawn from a stream named by its
 * key): the second adds what happened in (E1, E2] and the state that changed then.
 *
 * Universities are simulated one at a time and each branch's attendance is written as
 * soon as it exists, so memory stays bounded at province scale (12 M attendance rows a
 * year); only the small tables are collected and written at the end.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { TableName } from '../ingest/contract/tables.ts';
import { UserError } from '../warehouse/errors.ts';
import { simulateBranch, type IdCounters } from './activities.ts';
import { impossibleDate, missingTitle, orphanAttendance, unknownActivityType, type BadRow } from './bad-rows.ts';
import { dayOfStamp, excelDateOfStamp, isoDay, parseIsoDay, stampOf, ymdOf, yesterdayInShanghai, pad2 } from './calendar.ts';
import { caseAsOf, casesForUniversity, FIRST_CASE_QUARTER, selectCases, type MissedQuarter } from './cases.ts';
import { evaluateBranch } from './evaluations.ts';
import {
  activitiesLayout,
  attendanceLayout,
  caseSheet,
  casesWorkbook,
  evaluationsLayout,
  membersLayout,
  observationsLayout,
  orgUnitSheets,
  orgUnitsWorkbook,
  rectificationsLayout,
  universitiesLayout,
} from './layouts.ts';
import type { CaseReport, Evaluation, Observation, Rectification } from './model.ts';
import { PlantingPlan, type NotPlanted, type PlantedAnomaly } from './plantings.ts';
import { Random } from './random.ts';
import {
  activityRecord,
  attendanceRecord,
  caseRecord,
  evaluationRecord,
  memberRecord,
  observationRecord,
  orgUnitRecord,
  rectificationRecord,
  universityRecord,
  type DemoRecord,
} from './records.ts';
import { horizonOf, SCALES, spanOf, type ScaleName } from './scale.ts';
import { forceVariety, inspectionItems, rectificationAsOf, rectificationsFor, varietyAsOf, type RectificationFate } from './supervision.ts';
import { buildUniversity, memberAsOf, planUniversities, unitAsOf } from './world.ts';
import { DelimitedTableFile, WorkbookTableFile, type DemoFile, type WorkbookSheet } from './writers/table-file.ts';

export type { BadRow } from './bad-rows.ts';
export type { PlantedAnomaly, NotPlanted } from './plantings.ts';
export type { DemoFile } from './writers/table-file.ts';

export interface GenerateOptions {
  scale: ScaleName;
  seed?: number;
  /** Calendar years covered, the last one ending at `endDate` (default 2 for small, 1 for province). */
  years?: number;
  /** YYYY-MM-DD, the last day of data; default yesterday in Asia/Shanghai. */
  endDate?: string;
  outDir: string;
  /** Called after each university, for progress bars. */
  onProgress?: (done: number, total: number) => void;
}

export interface DemoSummary {
  scale: ScaleName;
  seed: number;
  years: number;
  start_date: string;
  end_date: string;
  out_dir: string;
  /** Valid rows per table (the bad rows are not counted), plus the number of branches. */
  counts: Record<TableName, number> & { branches: number };
  files: DemoFile[];
  anomalies: PlantedAnomaly[];
  not_planted: NotPlanted[];
  bad_rows: BadRow[];
  /** Other behaviour worth checking: restructured branches, missed case quarters, rectification failures. */
  features: {
    founded_branches: string[];
    dissolved_branches: string[];
    missed_case_quarters: MissedQuarter[];
    rectification_overdue_open: string | null;
    rectification_closed_late: string | null;
  };
  elapsed_ms: number;
}

export async function generateDemo(options: GenerateOptions): Promise<DemoSummary> {
  const started = performance.now();
  const config = SCALES[options.scale];
  if (!config) throw new UserError(`未知规模 unknown scale: ${String(options.scale)}（small 或 province）`);
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new UserError(`随机种子须为整数 --seed must be an integer: ${seed}`);
  const years = options.years ?? config.defaultYears;
  if (!Number.isInteger(years) || years < 1 || years > 10) throw new UserError(`年数须为 1–10 的整数 --years must be 1–10: ${years}`);
  const end = options.endDate === undefined ? yesterdayInShanghai() : parseIsoDay(options.endDate);
  if (end === null) throw new UserError(`结束日期须为 YYYY-MM-DD --end-date must be a date: ${options.endDate}`);
  const outDir = path.resolve(options.outDir);
  prepareOutDir(outDir);

  // What the exports show (up to the end date), and what is simulated (through 31 December).
  const span = spanOf(end, years);
  const horizon = horizonOf(span);
  const exportDay = ymdOf(end + 1);
  const stamp = `${exportDay.year}${pad2(exportDay.month)}${pad2(exportDay.day)}`;
  const documentDate = excelDateOfStamp(stampOf(end + 1, 9, 0));
  const rng = new Random(seed, 'zhixiao-demo');
  const universities = planUniversities(config, rng.fork('universities'));
  const plan = new PlantingPlan(horizon, span, universities.length);
  const idNumbers = new Set<string>();

  const files: DemoFile[] = [];
  const badRows: BadRow[] = [];
  const counts: DemoSummary['counts'] = {
    universities: universities.length,
    org_units: 0,
    branches: 0,
    members: 0,
    activities: 0,
    attendance: 0,
    observations: 0,
    rectifications: 0,
    cases: 0,
    evaluations: 0,
  };
  const features: DemoSummary['features'] = {
    founded_branches: [],
    dissolved_branches: [],
    missed_case_quarters: [],
    rectification_overdue_open: null,
    rectification_closed_late: null,
  };
  const observations: Observation[] = [];
  const rectifications: RectificationFate[] = [];
  const cases: CaseReport[] = [];
  const evaluations: { evaluation: Evaluation; branchName: string }[] = [];

  const orgBook = new WorkbookTableFile(outDir, orgUnitsWorkbook(stamp), rng);
  const [committeeSheet, branchSheet, groupSheet] = orgUnitSheets().map((s) => orgBook.sheet(s.name, s.layout)) as [WorkbookSheet, WorkbookSheet, WorkbookSheet];

  const badEnumAt = Math.min(1, universities.length - 1);
  const orphanAt = Math.min(3, universities.length - 1);

  for (const u of universities) {
    const urng = rng.fork(u.code);
    const world = buildUniversity(u, config, horizon, urng.fork('world'), idNumbers);
    plan.assign(world, urng.fork('plan'));

    for (const unit of world.units) {
      const o = unitAsOf(unit, span.end);
      if (!o) continue;
      orgBook.write(o.type === '党支部' ? branchSheet : o.type === '党小组' ? groupSheet : committeeSheet, orgUnitRecord(o));
      counts.org_units++;
    }
    for (const b of world.branches) {
      const o = unitAsOf(b.unit, span.end);
      if (!o) continue;
      counts.branches++;
      if (o.establishedOn !== null && o.establishedOn > span.start) features.founded_branches.push(o.code);
      if (o.dissolvedOn !== null) features.dissolved_branches.push(o.code);
    }

    const membersFile = new DelimitedTableFile(outDir, membersLayout(u, stamp), rng);
    for (const b of world.branches) {
      for (const member of b.members) {
        const m = memberAsOf(member, span.end);
        if (!m) continue;
        membersFile.write(memberRecord(m));
        counts.members++;
      }
    }
    files.push(membersFile.close());

    const actLayout = activitiesLayout(u, stamp);
    const actBook = actLayout.kind === 'xlsx' ? new WorkbookTableFile(outDir, actLayout.workbook, rng) : null;
    const actFile = actLayout.kind === 'delimited' ? new DelimitedTableFile(outDir, actLayout, rng) : null;
    const actSheets = new Map<number, WorkbookSheet>();
    if (actBook && actLayout.kind === 'xlsx') {
      for (let y = span.firstYear; y <= span.lastYear; y++) {
        const s = actLayout.sheet(y);
        actSheets.set(y, actBook.sheet(s.name, s.layout));
      }
    }
    const writeActivity = (record: DemoRecord, year: number): { line: number; sheet: string | null; path: string } => {
      if (actFile) return { line: actFile.write(record), sheet: null, path: actFile.layout.path };
      const sheet = actSheets.get(year)!;
      return { line: actBook!.write(sheet, record), sheet: sheet.name, path: actBook!.layout.path };
    };
    const attendanceFiles = new Map<number, DelimitedTableFile>();
    const attendanceFile = (year: number) => {
      let f = attendanceFiles.get(year);
      if (!f) {
        f = new DelimitedTableFile(outDir, attendanceLayout(u, year), rng);
        attendanceFiles.set(year, f);
      }
      return f;
    };

    const ids: IdCounters = { activity: 0, observation: 0 };
    const items: RectificationFate[] = [];
    let badEnumDone = u.index !== badEnumAt;
    let duplicateDone = u.index !== 0;
    let orphanDone = u.index !== orphanAt;

    for (const branch of world.branches) {
      const directives = plan.directivesFor(branch.unit.code);
      // Simulated through the horizon; written up to the end date (activities are in start order).
      const life = simulateBranch(branch, { span: horizon, view: span, university: u, rng: urng.fork(branch.unit.code), directives, plan, ids });
      const yearOf = new Map<string, number>();
      for (const a of life.activities) {
        const day = dayOfStamp(a.startedAt);
        if (day > span.end) break;
        const year = ymdOf(day).year;
        yearOf.set(a.id, year);
        writeActivity(activityRecord(a), year);
        counts.activities++;
      }
      const shown = life.attendance.filter((r) => yearOf.has(r.activityId));
      for (const r of shown) {
        attendanceFile(yearOf.get(r.activityId)!).write(attendanceRecord(r));
        counts.attendance++;
      }
      const seen = life.observations.filter((o) => o.day <= span.end);
      observations.push(...seen);
      counts.observations += seen.length;
      items.push(...rectificationsFor(branch, life.activities, life.observations, horizon, urng.fork(`zg/${branch.unit.code}`)));
      for (const evaluation of evaluateBranch(branch, life.activities, span.completedYears, span.end, directives, urng.fork(`pj/${branch.unit.code}`))) {
        evaluations.push({ evaluation, branchName: branch.unit.name });
      }

      // The bad rows go after the first branch that has meetings, in the middle of a file.
      const first = life.activities[0];
      const firstRow = shown[0];
      if (!first || !firstRow || !yearOf.has(first.id)) continue;
      if (!badEnumDone) {
        badEnumDone = true;
        const bad = unknownActivityType(first);
        const at = writeActivity(bad.record, yearOf.get(first.id)!);
        badRows.push({ ...at, table: 'activities', column: 'activity_type', value: bad.value, kind: 'bad_enum', note: '活动类型“座谈会”不在合同枚举中' });
      }
      if (!duplicateDone) {
        duplicateDone = true;
        const f = attendanceFile(yearOf.get(firstRow.activityId)!);
        const line = f.write(attendanceRecord(firstRow));
        badRows.push({ path: f.layout.path, sheet: null, line, table: 'attendance', column: 'activity_id,member_id', value: `${firstRow.activityId}|${firstRow.memberId}`, kind: 'duplicate_key', note: '同一文件内重复的 (活动编号, 党员编号)，首行载入、此行隔离' });
      }
      if (!orphanDone) {
        orphanDone = true;
        const bad = orphanAttendance(firstRow, u.code);
        const f = attendanceFile(yearOf.get(firstRow.activityId)!);
        const line = f.write(bad.record);
        badRows.push({ path: f.layout.path, sheet: null, line, table: 'attendance', column: 'member_id', value: bad.value, kind: 'orphan', note: '党员编号在党员表中不存在' });
      }
    }

    // The university's register, numbered in the order items were found (the horizon's order, so ids never shift).
    items.push(...inspectionItems(world, horizon, urng.fork('inspections')));
    const byFound = items.map((x, i) => [x, i] as const).sort(([a, i], [b, j]) => a.foundOn - b.foundOn || i - j);
    byFound.forEach(([x], n) => rectifications.push({ ...x, id: `${u.code}-ZG${String(n + 1).padStart(4, '0')}` }));
    cases.push(...casesForUniversity(world, horizon, span.end, urng.fork('cases'), features.missed_case_quarters));

    if (actFile) files.push(actFile.close());
    if (actBook) files.push(await actBook.close(documentDate));
    for (const year of [...attendanceFiles.keys()].sort()) files.push(attendanceFiles.get(year)!.close());
    options.onProgress?.(u.index + 1, universities.length);
  }

  // Tables small enough at any scale, written once everything is known.
  const uniFile = new DelimitedTableFile(outDir, universitiesLayout(), rng);
  for (const u of universities) uniFile.write(universityRecord(u));
  files.push(uniFile.close());
  files.push(await orgBook.close(documentDate));

  const obsFile = new DelimitedTableFile(outDir, observationsLayout(), rng);
  for (const o of observations) obsFile.write(observationRecord(o));
  files.push(obsFile.close());

  forceVariety(rectifications);
  const register = rectifications.map((x) => rectificationAsOf(x, span.end)).filter((x): x is Rectification => x !== null);
  const variety = varietyAsOf(register, span.end);
  features.rectification_overdue_open = variety.overdueOpen;
  features.rectification_closed_late = variety.closedLate;
  const rectFile = new DelimitedTableFile(outDir, rectificationsLayout(), rng);
  register.forEach((x, i) => {
    rectFile.write(rectificationRecord(x));
    if (i === Math.min(2, register.length - 1)) {
      const bad = impossibleDate(x, span.firstYear, `${universities[0]!.code}-ZG9001`);
      const line = rectFile.write(bad.record);
      badRows.push({ path: rectFile.layout.path, sheet: null, line, table: 'rectifications', column: 'found_on', value: bad.value, kind: 'bad_date', note: '发现日期为 2 月 30 日，不存在' });
    }
  });
  counts.rectifications = register.length;
  files.push(rectFile.close());

  // The province selects among every case of a quarter; an export shows the cases submitted by the end date.
  selectCases(cases, options.scale === 'province' ? 8 : 0.6, rng.fork('case-selection'));
  const summaries = cases.map((c) => caseAsOf(c, span.end)).filter((c): c is CaseReport => c !== null);
  const caseBook = new WorkbookTableFile(outDir, casesWorkbook(), rng);
  const caseSheets = new Map<number, WorkbookSheet>();
  for (let y = FIRST_CASE_QUARTER.year; y <= span.lastYear; y++) {
    const s = caseSheet(y);
    caseSheets.set(y, caseBook.sheet(s.name, s.layout));
  }
  summaries.forEach((c, i) => {
    const sheet = caseSheets.get(c.year)!;
    caseBook.write(sheet, caseRecord(c));
    if (i === Math.min(5, summaries.length - 1)) {
      const bad = missingTitle(c, `${c.id}-X`);
      const line = caseBook.write(sheet, bad.record);
      badRows.push({ path: caseBook.layout.path, sheet: sheet.name, line, table: 'cases', column: 'title', value: bad.value, kind: 'missing_required', note: '案例标题为空（必填）' });
    }
  });
  counts.cases = summaries.length;
  files.push(await caseBook.close(documentDate));

  for (const year of span.completedYears) {
    const evFile = new DelimitedTableFile(outDir, evaluationsLayout(year), rng);
    for (const { evaluation, branchName } of evaluations) {
      if (evaluation.year !== year) continue;
      evFile.write(evaluationRecord(evaluation, branchName));
      counts.evaluations++;
    }
    files.push(evFile.close());
  }

  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    scale: options.scale,
    seed,
    years,
    start_date: isoDay(span.start),
    end_date: isoDay(span.end),
    out_dir: outDir,
    counts,
    files,
    anomalies: plan.planted(),
    not_planted: plan.notPlanted(),
    bad_rows: badRows,
    features,
    elapsed_ms: Math.round(performance.now() - started),
  };
}

/** The output folder must be new or empty: every file in it gets ingested, stale ones included. */
function prepareOutDir(outDir: string): void {
  if (fs.existsSync(outDir)) {
    if (!fs.statSync(outDir).isDirectory()) throw new UserError(`输出路径不是文件夹 --out is not a folder: ${outDir}`);
    if (fs.readdirSync(outDir).length > 0) {
      throw new UserError(`输出文件夹不为空：${outDir}\n其中的文件都会被导入，请先删除或另选 --out。 The output folder is not empty; remove it or choose another --out.`);
    }
  }
  fs.mkdirSync(outDir, { recursive: true });
}
