/**
 * One branch's organisational life over the span: the meetings it holds (the cadence of
 * domain.md, mostly kept; weak branches skip more), observers at some of them, halted
 * meetings and their redos, and the attendance of every member at every meeting. The
 * plantings of plantings.ts are applied here, and their evidence recorded.
 *
 * A branch is simulated over the whole horizon (scale.ts), whatever day the export ends
 * on: its random stream is then drawn the same way for every end day, and the records up
 * to that day come out the same. The caller writes those; the plantings are listed as of
 * that day (`BranchContext.view`).
 */
import {
  addMonths,
  dayOf,
  isoDay,
  isWeekend,
  monthEnd,
  monthStart,
  quarterEnd,
  quarterOfMonth,
  quarterStart,
  stampOf,
  weekdayOnOrAfter,
  ymdOf,
  type Day,
  type Stamp,
} from './calendar.ts';
import { attendanceFor } from './attendance.ts';
import type { Activity, ActivityType, AttendanceRow, Branch, Member, Mode, Observation, University } from './model.ts';
import { judgedBy, lastEndedMonth, latestAugust, latestQuarter, periodOfMonth, periodOfQuarter, windowAfter, type BranchDirectives, type PlantingPlan } from './plantings.ts';
import type { Random } from './random.ts';
import type { Span } from './scale.ts';
import { observe, type ObservationDraft } from './supervision.ts';
import { TAGS, TITLES } from './texts.ts';
import { branchExists, fullMembers, isPresent } from './world.ts';

export interface IdCounters {
  activity: number;
  observation: number;
}

export interface BranchContext {
  /** The simulated horizon. */
  span: Span;
  /** The exported span, ending on the export's last day: plantings are listed as of its end. */
  view: Span;
  university: University;
  rng: Random;
  directives: BranchDirectives | undefined;
  plan: PlantingPlan;
  ids: IdCounters;
}

export interface BranchLife {
  activities: Activity[];
  attendance: AttendanceRow[];
  observations: Observation[];
}

/** A meeting before it has an id. */
export interface Draft {
  type: ActivityType;
  groupCode: string | null;
  day: Day;
  start: Stamp;
  end: Stamp | null;
  mode: Mode;
  title: string;
  tags: string[];
  hasMinutes: boolean | null;
  redoOf: Draft | null;
  observation: ObservationDraft | null;
  expected: Member[];
  auditors: Member[];
  id: string;
  /** Planted roles of this meeting (A03 uniform sign-in, A11 sign-in outside, A05 count mismatch, A08 no criticism, A04 short). */
  marks: Set<'uniform' | 'outside' | 'mismatch' | 'no_criticism' | 'short'>;
}

const DURATION: Record<ActivityType, readonly [number, number]> = {
  支部党员大会: [60, 120],
  支部委员会会议: [40, 90],
  党小组会: [40, 90],
  党课: [60, 120],
  主题党日: [90, 180],
  组织生活会: [120, 240],
  民主评议党员: [90, 180],
};

/** Observation likelihood by meeting type: supervisors favour the meetings that show quality. */
const OBSERVE_WEIGHT: Record<ActivityType, number> = {
  支部党员大会: 1,
  支部委员会会议: 0.3,
  党小组会: 0.4,
  党课: 1.2,
  主题党日: 1.2,
  组织生活会: 2.5,
  民主评议党员: 1.5,
};

const VACATION_MONTHS = new Set([1, 2, 7, 8]);

export function simulateBranch(branch: Branch, ctx: BranchContext): BranchLife {
  const { rng, span, directives: d } = ctx;
  const strict = d !== undefined;
  const keep = strict ? 1 : branch.strong ? 0.985 : 0.9;
  const drafts: Draft[] = [];
  const student = branch.category === '学生' || branch.category === '混合';

  const first = Math.max(span.start, branch.unit.establishedOn ?? span.start);
  const last = Math.min(span.end, branch.unit.dissolvedOn ?? span.end);
  if (first > last) return { activities: [], attendance: [], observations: [] };

  /** A weekday in the month near `preferred`, inside the branch's life and the span. */
  const dayIn = (year: number, month: number, preferred: number): Day | null => {
    const lo = Math.max(monthStart(year, month), first);
    const hi = Math.min(monthEnd(year, month), last);
    if (lo > hi) return null;
    let day = Math.min(hi, Math.max(lo, dayOf(year, month, Math.min(preferred, 28))));
    while (day <= hi && isWeekend(day)) day++;
    if (day > hi) {
      day = Math.min(hi, Math.max(lo, dayOf(year, month, Math.min(preferred, 28))));
      while (day >= lo && isWeekend(day)) day--;
    }
    return day >= lo && day <= hi && !isWeekend(day) ? day : null;
  };

  const add = (type: ActivityType, day: Day | null, opts: { groupCode?: string; title?: string; tags?: string[] } = {}): Draft | null => {
    if (day === null) return null;
    const { month } = ymdOf(day);
    const startMinute = startMinuteOf(branch, type, rng);
    const [lo, hi] = DURATION[type];
    const start = stampOf(day, 0, startMinute);
    const online = student && VACATION_MONTHS.has(month) ? 0.6 : 0.12;
    const mode: Mode = rng.chance(online) ? '线上' : rng.chance(0.13) ? '线上线下结合' : '线下';
    const draft: Draft = {
      type,
      groupCode: opts.groupCode ?? null,
      day,
      start,
      end: rng.chance(0.95) ? start + rng.int(lo / 5, hi / 5) * 300 : null,
      mode,
      title: opts.title ?? rng.pick(TITLES[type]),
      tags: opts.tags ?? rng.pick(TAGS[type]).slice(),
      hasMinutes: rng.chance(0.97) ? true : rng.chance(0.5) ? false : null,
      redoOf: null,
      observation: null,
      expected: [],
      auditors: [],
      id: '',
      marks: new Set(),
    };
    drafts.push(draft);
    return draft;
  };

  const firstYm = ymdOf(first);
  const lastYm = ymdOf(last);
  for (let year = firstYm.year; year <= lastYm.year; year++) {
    const m0 = year === firstYm.year ? firstYm.month : 1;
    const m1 = year === lastYm.year ? lastYm.month : 12;
    for (let month = m0; month <= m1; month++) {
      if (rng.chance(keep)) add('主题党日', dayIn(year, month, branch.themeDay));
      if (fullMembers(branch, monthStart(year, month), monthEnd(year, month)) >= 7 && rng.chance(keep - 0.01)) {
        add('支部委员会会议', dayIn(year, month, rng.int(2, 8)));
      }
      for (const group of branch.groups) {
        if (rng.chance(keep - 0.02)) add('党小组会', dayIn(year, month, rng.int(5, 26)), { groupCode: group.code });
      }
      // Quarterly and yearly meetings are placed at the quarter's last month, or at the last month the branch or span reaches.
      if (month % 3 !== 0 && month !== m1) continue;
      // Quarterly: the assembly (in Q4 the year-end one, reporting the year's organisational life) and the 党课.
      const quarter = quarterOfMonth(month);
      const qMonths = [quarter * 3 - 2, quarter * 3 - 1, quarter * 3].filter((m) => m >= m0 && m <= m1);
      if (qMonths.length === 0) continue;
      if (quarter === 4) {
        if (d?.noYearEndReport) {
          add('支部党员大会', dayIn(year, 10, rng.int(10, 25)));
        } else if (rng.chance(keep)) {
          add('支部党员大会', dayIn(year, rng.pick([11, 12]), rng.int(5, 22)), { title: '年度组织生活情况通报', tags: ['年度组织生活通报', rng.pick(['理论学习', '业务工作'])] });
        }
      } else if (rng.chance(keep)) {
        add('支部党员大会', dayIn(year, rng.pick(qMonths), rng.int(3, 26)));
      }
      // Many branches meet more than the minimum: admissions votes in student branches, extra study sessions and lectures.
      if (student && (quarter === 2 || quarter === 4) && !strict && rng.chance(0.35)) {
        add('支部党员大会', dayIn(year, quarter === 2 ? 5 : 11, rng.int(3, 26)), { title: '讨论接收预备党员', tags: ['业务工作'] });
      }
      if (!strict && rng.chance(0.25)) add('支部党员大会', dayIn(year, rng.pick(qMonths), rng.int(3, 26)), { title: '专题学习研讨', tags: ['理论学习'] });
      if (rng.chance(keep)) add('党课', dayIn(year, rng.pick(qMonths), rng.int(3, 26)));
      if (!strict && rng.chance(0.15)) add('党课', dayIn(year, rng.pick(qMonths), rng.int(3, 26)));
      if (quarter === 4) {
        // The yearly 组织生活会 and 民主评议党员, usually in December, the review right after.
        const lifeMonth = rng.chance(0.8) ? 12 : 11;
        const lifeDay = dayIn(year, lifeMonth, rng.int(10, 22));
        if (rng.chance(keep)) add('组织生活会', lifeDay);
        if (rng.chance(keep)) add('民主评议党员', lifeDay === null ? null : dayIn(year, lifeMonth, ymdOf(lifeDay).day + rng.int(0, 5)));
      }
    }
  }

  applyMeetingPlantings(branch, drafts, ctx);
  drafts.sort((a, b) => a.start - b.start);

  // Observers attend some meetings; a few are halted and held again within a month.
  const redos: Draft[] = [];
  for (const draft of drafts) {
    if (draft.observation) continue;
    const chance = (branch.unit.isContactPoint ? 0.2 : 0.035) * OBSERVE_WEIGHT[draft.type];
    if (!rng.chance(chance)) continue;
    const redoDay = weekdayOnOrAfter(draft.day + rng.int(6, 24));
    const canHalt = !strict && draft.day <= span.end - 45 && branchExists(branch, redoDay) && redoDay <= span.end;
    const halt = canHalt && rng.chance(0.025);
    draft.observation = observe(branch, halt, rng);
    if (halt) redos.push(redoOf(draft, redoDay));
  }
  for (const draft of drafts) {
    if (draft.observation?.halted && d?.halt && d.halt.redoAfterDays !== null) redos.push(redoOf(draft, weekdayOnOrAfter(draft.day + d.halt.redoAfterDays)));
  }
  drafts.push(...redos);
  drafts.sort((a, b) => a.start - b.start);

  // Who is expected: the group for 党小组会, the committee for 支委会 (others may sit in), everyone otherwise.
  const kept: Draft[] = [];
  for (const draft of drafts) {
    const present = branch.members.filter((m) => isPresent(m, draft.day));
    if (draft.type === '党小组会') draft.expected = present.filter((m) => m.groupCode === draft.groupCode);
    else if (draft.type === '支部委员会会议') {
      draft.expected = present.filter((m) => m.role !== '无');
      const others = present.filter((m) => m.role === '无');
      if (others.length > 0 && rng.chance(0.3)) draft.auditors = [rng.pick(others)];
    } else draft.expected = present;
    if (draft.expected.length > 0) kept.push(draft);
  }
  for (const draft of kept) draft.id = `${ctx.university.code}-HD${String(++ctx.ids.activity).padStart(6, '0')}`;

  const attendance: AttendanceRow[] = [];
  const activities: Activity[] = [];
  for (const draft of kept) {
    const rows = attendanceFor(branch, draft, ctx);
    attendance.push(...rows);
    activities.push(toActivity(branch, draft, rows, rng));
  }
  const observations: Observation[] = [];
  for (const draft of kept) {
    if (!draft.observation) continue;
    observations.push({
      ...draft.observation,
      id: `${ctx.university.code}-LX${String(++ctx.ids.observation).padStart(5, '0')}`,
      activityId: draft.id,
      branchCode: branch.unit.code,
      day: draft.day,
    });
  }
  recordPlantings(branch, kept, observations, ctx);
  return { activities, attendance, observations };
}

/** Start time by who meets: students in the evening or afternoon, staff after classes, the retired in the morning. */
function startMinuteOf(branch: Branch, type: ActivityType, rng: Random): number {
  if (branch.category === '离退休') return rng.pick([540, 570, 600]);
  if (branch.category === '学生') return type === '支部委员会会议' ? rng.pick([720, 1020]) : rng.pick([1140, 1140, 870, 900, 1170]);
  return rng.pick([870, 900, 930, 960, 990]);
}

function redoOf(halted: Draft, day: Day): Draft {
  const start = stampOf(day, 0, Math.floor((halted.start % 86_400) / 60));
  const length = halted.end === null ? null : halted.end - halted.start;
  return {
    ...halted,
    day,
    start,
    end: length === null ? null : start + Math.max(length, 3600),
    title: `（补开）${halted.title}`,
    tags: halted.tags.slice(),
    hasMinutes: true,
    redoOf: halted,
    observation: null,
    expected: [],
    auditors: [],
    id: '',
    marks: new Set(),
  };
}

/** Plantings that change which meetings exist or how they look (the attendance ones live in attendance.ts). */
function applyMeetingPlantings(branch: Branch, drafts: Draft[], ctx: BranchContext): void {
  const d = ctx.directives;
  if (!d) return;
  const { span } = ctx;
  const inQuarter = (x: Draft, year: number, quarter: number) => x.day >= quarterStart(year, quarter) && x.day <= quarterEnd(year, quarter);
  const firstOf = (type: ActivityType, year: number, quarter: number) => drafts.filter((x) => x.type === type && inQuarter(x, year, quarter)).sort((a, b) => a.start - b.start)[0];
  const eachQuarter = (fn: (year: number, quarter: number) => void) => {
    for (let year = span.firstYear; year <= span.lastYear; year++) for (let quarter = 1; quarter <= 4; quarter++) fn(year, quarter);
  };
  if (d.silentAugust) {
    for (let i = drafts.length - 1; i >= 0; i--) if (ymdOf(drafts[i]!.day).month === 8) drafts.splice(i, 1);
  }
  if (d.shortMeeting) {
    eachQuarter((year, quarter) => {
      const lecture = firstOf('党课', year, quarter);
      if (!lecture) return;
      lecture.end = lecture.start + 20 * 60;
      lecture.marks.add('short');
    });
  }
  if (d.halt) {
    for (let year = span.firstYear; year <= span.lastYear; year++) {
      for (const month of d.halt.months) {
        const theme = drafts.find((x) => x.type === '主题党日' && x.day >= monthStart(year, month) && x.day <= monthEnd(year, month));
        if (theme) theme.observation = observe(branch, true, ctx.rng, branch.observerOrgs[1]);
      }
    }
  }
  if (d.noCriticism) {
    for (const life of drafts) if (life.type === '组织生活会') life.marks.add('no_criticism');
  }
  eachQuarter((year, quarter) => {
    if (d.uniformSignIn) (firstOf('主题党日', year, quarter) ?? firstOf('支部党员大会', year, quarter))?.marks.add('uniform');
    if (d.signInOutside) firstOf('主题党日', year, quarter)?.marks.add('outside');
    if (d.countMismatch) firstOf('主题党日', year, quarter)?.marks.add('mismatch');
  });
}

function toActivity(branch: Branch, draft: Draft, rows: AttendanceRow[], rng: Random): Activity {
  let attended = 0;
  let onLeave = 0;
  let absent = 0;
  for (const r of rows) {
    if (r.status === '出席') attended++;
    else if (r.status === '请假') onLeave++;
    else if (r.status === '缺席') absent++;
  }
  let criticismCount: number | null = null;
  if (draft.type === '组织生活会') criticismCount = draft.marks.has('no_criticism') ? 0 : Math.max(1, Math.round(attended * (0.6 + rng.next() * 1.2)));
  else if (draft.type === '民主评议党员' && rng.chance(0.5)) criticismCount = Math.max(1, Math.round(attended * (0.3 + rng.next() * 0.7)));
  return {
    id: draft.id,
    branchCode: branch.unit.code,
    groupCode: draft.groupCode,
    type: draft.type,
    title: draft.title,
    startedAt: draft.start,
    endedAt: draft.end,
    mode: draft.mode,
    tags: draft.tags,
    hasMinutes: draft.hasMinutes,
    criticismCount,
    // A halted meeting nobody was expected at is dropped, and its redo then re-holds nothing.
    redoOf: draft.redoOf && draft.redoOf.id !== '' ? draft.redoOf.id : null,
    expected: attended + onLeave + absent,
    attended,
    onLeave,
    absent,
    attendedCountOverride: draft.marks.has('mismatch') ? attended + 2 : null,
    halted: draft.observation?.halted ?? false,
  };
}

/**
 * Writes down what was planted in this branch and shows by the export's last day: for
 * each anomaly its latest occurrence the models can judge by then, with the ids that show it.
 */
function recordPlantings(branch: Branch, drafts: Draft[], observations: Observation[], ctx: BranchContext): void {
  const d = ctx.directives;
  if (!d) return;
  const { view } = ctx;
  const base = { university_code: ctx.university.code, branch_code: branch.unit.code };
  const plan = ctx.plan;
  // Periods are listed once ended by the day the models surely judge; a meeting as soon as it is in the export
  // (their as_of, the latest activity's day, is never before it).
  const judged = judgedBy(view.end);
  const visible = drafts.filter((x) => x.day <= view.end);
  const latest = (ok: (x: Draft) => boolean) => visible.filter(ok).at(-1);
  // Meeting-level anomalies are reported in the month of the meeting, as the models' monthly drill-down shows them.
  const monthOfDraft = (x: Draft) => periodOfMonth(ymdOf(x.day).year, ymdOf(x.day).month);
  if (d.silentAugust) {
    const month = latestAugust(view, judged);
    if (month) plan.record({ ...base, code: 'A01_silent_month', period: periodOfMonth(month.year, month.month), evidence: [], note: `${periodOfMonth(month.year, month.month)} 全月无任何组织生活（暑期停摆）` });
  }
  if (d.absentee) {
    const { from, memberId } = d.absentee;
    // Reported for the last month ended by then, when its six-month window lies wholly after `from`.
    const last = lastEndedMonth(judged);
    const windowStart = monthStart(addMonths(last.year, last.month, -5).year, addMonths(last.year, last.month, -5).month);
    const expected = visible.filter((x) => x.day >= from && x.expected.some((m) => m.id === memberId));
    const inWindow = expected.filter((x) => x.day >= windowStart && x.day <= monthEnd(last.year, last.month));
    if (windowAfter(last, from) && inWindow.length >= 3) {
      plan.record({
        ...base,
        code: 'A02_chronic_absentee',
        period: periodOfMonth(last.year, last.month),
        evidence: [memberId, ...expected.map((x) => x.id)],
        note: `党员自 ${isoDay(from)} 起 ${expected.length} 次应参会均缺席（失联党员）`,
      });
    }
  }
  const uniform = latest((x) => x.marks.has('uniform') && x.expected.length >= 10);
  if (uniform) plan.record({ ...base, code: 'A03_uniform_sign_in', period: monthOfDraft(uniform), evidence: [uniform.id], note: `${uniform.expected.length} 人全部出席，签到时间在同一分钟内（疑似补录）` });
  const lecture = latest((x) => x.marks.has('short'));
  if (lecture) plan.record({ ...base, code: 'A04_short_meeting', period: monthOfDraft(lecture), evidence: [lecture.id], note: '党课仅 20 分钟' });
  const mismatch = latest((x) => x.marks.has('mismatch'));
  if (mismatch) plan.record({ ...base, code: 'A05_count_mismatch', period: monthOfDraft(mismatch), evidence: [mismatch.id], note: '实到人数比签到记录多 2 人' });
  if (d.halt) {
    // A halt is judged once its 30 days are over.
    const halted = visible.filter((x) => x.observation?.halted && x.day + 30 <= judged).at(-1);
    if (halted) {
      const redo = visible.find((x) => x.redoOf === halted);
      const obs = observations.find((o) => o.activityId === halted.id);
      plan.record({
        ...base,
        code: 'A06_halt_not_redone',
        period: monthOfDraft(halted),
        evidence: [halted.id, ...(obs ? [obs.id] : []), ...(redo ? [redo.id] : [])],
        note: redo ? `会议被叫停，${redo.day - halted.day} 天后才补开（超过 30 天）` : '会议被叫停，未补开',
      });
    }
    // The rating of the last complete year, when a halt of that year was not redone in time.
    const year = view.completedYears.at(-1);
    const ofYear = year === undefined ? undefined : visible.filter((x) => x.observation?.halted && ymdOf(x.day).year === year).at(-1);
    if (year !== undefined && ofYear) {
      plan.record({ ...base, code: 'A07_rating_inconsistent', period: String(year), evidence: [ofYear.id], note: `叫停后未在 30 天内补开，述职评议仍评为“${d.halt.rateAs}”` });
    }
  }
  const life = latest((x) => x.marks.has('no_criticism'));
  if (life) plan.record({ ...base, code: 'A08_no_criticism', period: monthOfDraft(life), evidence: [life.id], note: '组织生活会相互批评意见 0 条' });
  if (d.participationDrop) {
    const q = latestQuarter(view, judged, d.participationDrop.quarters, true);
    if (q) {
      const ids = visible.filter((x) => x.day >= quarterStart(q.year, q.quarter) && x.day <= quarterEnd(q.year, q.quarter)).map((x) => x.id);
      plan.record({ ...base, code: 'A09_participation_drop', period: periodOfQuarter(q), evidence: ids, note: '本季度参会率较上季度骤降（约 0.9 → 0.45）' });
    }
  }
  if (d.noYearEndReport) {
    // The year must have ended by the models' as_of: the last one ended by then, else the last complete one.
    const year = [...view.completedYears].reverse().find((y) => dayOf(y, 12, 31) <= judged) ?? view.completedYears.at(-1);
    if (year !== undefined) {
      plan.record({ ...base, code: 'A10_no_year_end_report', period: String(year), evidence: [], note: '年末未召开通报年度组织生活情况的支部党员大会（第四季度大会改在 10 月且未通报）' });
    }
  }
  const outside = latest((x) => x.marks.has('outside'));
  if (outside) plan.record({ ...base, code: 'A11_sign_in_outside', period: monthOfDraft(outside), evidence: [outside.id], note: '一名党员签到时间早于会议开始 3 小时以上' });
  if (d.cadreAbsent) {
    const c = d.cadreAbsent;
    const q = latestQuarter(view, judged, [1, 2, 3, 4], false);
    if (q) {
      plan.record({
        ...base,
        code: 'A12_cadre_absent',
        period: periodOfQuarter(q),
        evidence: [c.memberId],
        note: c.mode === 'leave' ? '党员领导干部整季度均请假，未以普通党员身份参加组织生活' : '党员领导干部出席时均未以普通党员身份参加',
      });
    }
  }
}
