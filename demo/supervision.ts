/**
 * Supervision: observers sent to branch meetings (派员列席) with their four scores,
 * problems and occasional halts, and the rectification list (整改清单) that follows from
 * what observers, 组织生活会 and inspections find, each item with a deadline and, usually,
 * a closing date. Items are drawn over the whole horizon with their closing day; an
 * export shows those found by its last day, open until their closing day.
 */
import { PROVINCE_OBSERVER_ORG } from '../ingest/contract/tables.ts';
import { dayOf, type Day } from './calendar.ts';
import type { Activity, Branch, Observation, Rectification, RectificationSource, RectificationStatus, UniversityWorld } from './model.ts';
import { personName } from './names.ts';
import type { Random } from './random.ts';
import type { Span } from './scale.ts';
import { INSPECTION_ITEMS, LIFE_MEETING_ITEMS, OBSERVER_COMMENTS_GOOD, OBSERVER_COMMENTS_HALT, OBSERVER_COMMENTS_WEAK, PROBLEM_DESCRIPTIONS } from './texts.ts';

/** An observation before its id and activity id are known. */
export type ObservationDraft = Omit<Observation, 'id' | 'activityId' | 'branchCode' | 'day'>;

const PROBLEMS = ['表面化', '形式化', '娱乐化', '庸俗化'];

/** What an observer sees at a meeting of `branch`; `halt` when the meeting is stopped. */
export function observe(branch: Branch, halt: boolean, rng: Random, observerOrg?: string): ObservationDraft {
  const [college, committee] = branch.observerOrgs as [string, string];
  const org = observerOrg ?? rng.weighted([[college, 0.5], [committee, 0.35], [PROVINCE_OBSERVER_ORG, 0.15]] as const);
  const base = halt ? 56 : branch.strong ? 87 : 77;
  const score = (offset: number) => Math.round(rng.clampedNormal(base + offset, 5, 30, 99) * 2) / 2;
  const scores: [number, number, number, number] = [score(2), score(-2), score(0), score(-3)];
  const mean = (scores[0] + scores[1] + scores[2] + scores[3]) / 4;
  let problems: string[] = [];
  if (halt) problems = rng.chance(0.5) ? ['娱乐化'] : ['形式化', '表面化'];
  else if (mean < 76) problems = rng.sample(PROBLEMS, rng.int(1, 2));
  else if (rng.chance(0.06)) problems = [rng.pick(['表面化', '其他'])];
  let comments = halt ? rng.pick(OBSERVER_COMMENTS_HALT) : problems.length > 0 ? rng.pick(OBSERVER_COMMENTS_WEAK) : rng.pick(OBSERVER_COMMENTS_GOOD);
  // Some platforms keep the line breaks typed into a comment box.
  if (!halt && rng.chance(0.05)) comments = `${comments}；\r\n建议下次会议前提前发放学习材料`;
  return { observerName: personName(rng), observerOrgCode: org, scores, problems, halted: halt, comments };
}

/**
 * A rectification item over the whole horizon: `closedOn` is the day it is (or would be)
 * closed, null when it never is, and `status` its status once closed (or for good); an
 * export before the closing day shows it open, with `openStatus`.
 */
export interface RectificationFate extends Rectification {
  openStatus: RectificationStatus;
}

/**
 * Rectification items of one branch over the horizon, without ids (the caller numbers a
 * university's items by the day they were found): from observations with problems,
 * 组织生活会 and 民主评议.
 */
export function rectificationsFor(branch: Branch, activities: Activity[], observations: Observation[], horizon: Span, rng: Random): RectificationFate[] {
  const items: RectificationFate[] = [];
  for (const o of observations) {
    for (const problem of o.problems.slice(0, 1)) {
      const found = o.day + rng.int(0, 3);
      items.push(fate(item(branch.unit.code, '列席督导', o.id, rng.pick(PROBLEM_DESCRIPTIONS[problem]!), found, found + rng.pick([30, 45, 60])), rng));
    }
  }
  for (const a of activities) {
    const day = Math.floor(a.startedAt / 86_400);
    if (a.type === '组织生活会' && rng.chance(0.35)) {
      const found = day + rng.int(1, 7);
      items.push(fate(item(branch.unit.code, '组织生活会', null, rng.pick(LIFE_MEETING_ITEMS), found, found + 90), rng));
    } else if (a.type === '民主评议党员' && rng.chance(0.1)) {
      const found = day + rng.int(1, 7);
      items.push(fate(item(branch.unit.code, '民主评议', null, rng.pick(LIFE_MEETING_ITEMS), found, found + 60), rng));
    }
  }
  return items.filter((x) => x.foundOn <= horizon.end);
}

/** Findings of the university's special inspections (专项督查, 巡视巡察), a few a year, without ids. */
export function inspectionItems(world: UniversityWorld, horizon: Span, rng: Random): RectificationFate[] {
  const items: RectificationFate[] = [];
  for (let year = horizon.firstYear; year <= horizon.lastYear; year++) {
    const found = dayOf(year, rng.pick([5, 6, 10, 11]), rng.int(1, 28));
    const alive = world.branches.filter((b) => (b.unit.establishedOn === null || b.unit.establishedOn <= found) && (b.unit.dissolvedOn === null || b.unit.dissolvedOn > found + 90));
    const source: RectificationSource = rng.chance(0.7) ? '专项督查' : '巡视巡察';
    for (const b of rng.sample(alive, rng.int(1, 3))) {
      items.push(fate(item(b.unit.code, source, null, rng.pick(INSPECTION_ITEMS), found, found + 60), rng));
    }
  }
  return items;
}

function item(branchCode: string, source: RectificationSource, observationId: string | null, description: string, foundOn: Day, dueOn: Day): Rectification {
  return { id: '', branchCode, source, observationId, description, foundOn, dueOn, closedOn: null, status: '未整改' };
}

/** Most items close on time; some late; some are never closed. */
function fate(x: Rectification, rng: Random): RectificationFate {
  const r = rng.next();
  const onTime = x.foundOn + rng.int(3, Math.max(3, x.dueOn - x.foundOn));
  const late = x.dueOn + rng.int(1, 40);
  const settled: RectificationStatus = rng.chance(0.7) ? '已销号' : '已整改';
  const openStatus: RectificationStatus = rng.chance(0.7) ? '整改中' : '未整改';
  if (r < 0.82) return { ...x, closedOn: onTime, status: settled, openStatus };
  if (r < 0.92) return { ...x, closedOn: late, status: '已销号', openStatus };
  return { ...x, closedOn: null, status: openStatus, openStatus };
}

/** The item as the register on `day` shows it: null before it is found, open before it is closed. */
export function rectificationAsOf(x: RectificationFate, day: Day): Rectification | null {
  if (x.foundOn > day) return null;
  const { openStatus, ...item } = x;
  return x.closedOn !== null && x.closedOn <= day ? item : { ...item, closedOn: null, status: openStatus };
}

/**
 * Makes sure the list shows both failures of the closed loop, an item still open after
 * its deadline and one closed after it, however few items a small run has: the two items
 * due first (which every export after their deadline shows) are made so. Chosen on the
 * horizon alone, so every export of the year agrees on them.
 */
export function forceVariety(items: RectificationFate[]): void {
  const order = items.map((_, i) => i).sort((a, b) => items[a]!.dueOn - items[b]!.dueOn || a - b);
  const [open, late] = order;
  if (open !== undefined) items[open] = { ...items[open]!, closedOn: null, status: '整改中', openStatus: '整改中' };
  if (late !== undefined) items[late] = { ...items[late]!, closedOn: items[late]!.dueOn + 10, status: '已销号' };
}

export interface RectificationVariety {
  overdueOpen: string | null;
  closedLate: string | null;
}

/** The first item open after its deadline and the first closed after it, as the register on `day` shows them. */
export function varietyAsOf(items: Rectification[], day: Day): RectificationVariety {
  const overdue = items.find((x) => (x.status === '未整改' || x.status === '整改中') && x.dueOn < day);
  const late = items.find((x) => x.closedOn !== null && x.closedOn > x.dueOn);
  return { overdueOpen: overdue?.id ?? null, closedLate: late?.id ?? null };
}
