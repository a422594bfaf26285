/**
 * Supervision: observers sent to branch meetings (派员列席) with their four scores,
 * problems and occasional halts, and the rectification list (整改清单) that follows from
 * what observers, 组织生活会 and inspections find, each item with a deadline and, usually,
 * a closing date.
 */
import { PROVINCE_OBSERVER_ORG } from '../ingest/contract/tables.ts';
import { dayOf, type Day } from './calendar.ts';
import type { Activity, Branch, Observation, Rectification, RectificationSource, UniversityWorld } from './model.ts';
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

export interface ItemIds {
  next(): string;
}

/** Rectification items of one branch: from observations with problems, 组织生活会 and 民主评议. */
export function rectificationsFor(branch: Branch, activities: Activity[], observations: Observation[], span: Span, rng: Random, ids: ItemIds): Rectification[] {
  const items: Rectification[] = [];
  for (const o of observations) {
    for (const problem of o.problems.slice(0, 1)) {
      const found = o.day + rng.int(0, 3);
      items.push(item(branch.unit.code, '列席督导', o.id, rng.pick(PROBLEM_DESCRIPTIONS[problem]!), found, found + rng.pick([30, 45, 60])));
    }
  }
  for (const a of activities) {
    const day = Math.floor(a.startedAt / 86_400);
    if (a.type === '组织生活会' && rng.chance(0.35)) {
      const found = day + rng.int(1, 7);
      items.push(item(branch.unit.code, '组织生活会', null, rng.pick(LIFE_MEETING_ITEMS), found, found + 90));
    } else if (a.type === '民主评议党员' && rng.chance(0.1)) {
      const found = day + rng.int(1, 7);
      items.push(item(branch.unit.code, '民主评议', null, rng.pick(LIFE_MEETING_ITEMS), found, found + 60));
    }
  }
  return items.filter((x) => x.foundOn <= span.end).map((x) => close({ ...x, id: ids.next() }, span, rng));
}

/** Findings of the university's special inspections (专项督查, 巡视巡察), a few a year. */
export function inspectionItems(world: UniversityWorld, span: Span, rng: Random, ids: ItemIds): Rectification[] {
  const items: Rectification[] = [];
  for (let year = span.firstYear; year <= span.lastYear; year++) {
    const found = dayOf(year, rng.pick([5, 6, 10, 11]), rng.int(1, 28));
    if (found > span.end) continue;
    const alive = world.branches.filter((b) => (b.unit.establishedOn === null || b.unit.establishedOn <= found) && (b.unit.dissolvedOn === null || b.unit.dissolvedOn > found + 90));
    const source: RectificationSource = rng.chance(0.7) ? '专项督查' : '巡视巡察';
    for (const b of rng.sample(alive, rng.int(1, 3))) {
      items.push(close({ ...item(b.unit.code, source, null, rng.pick(INSPECTION_ITEMS), found, found + 60), id: ids.next() }, span, rng));
    }
  }
  return items;
}

function item(branchCode: string, source: RectificationSource, observationId: string | null, description: string, foundOn: Day, dueOn: Day): Rectification {
  return { id: '', branchCode, source, observationId, description, foundOn, dueOn, closedOn: null, status: '未整改' };
}

/** Most items close on time; some late; some stay open past their deadline. */
function close(x: Rectification, span: Span, rng: Random): Rectification {
  const settled = (closedOn: Day): Rectification => ({ ...x, closedOn, status: rng.chance(0.7) ? '已销号' : '已整改' });
  const open = (): Rectification => ({ ...x, closedOn: null, status: rng.chance(0.7) ? '整改中' : '未整改' });
  if (x.dueOn < span.end) {
    const r = rng.next();
    if (r < 0.82) return settled(Math.min(span.end, x.foundOn + rng.int(3, Math.max(3, x.dueOn - x.foundOn))));
    if (r < 0.92) {
      const closedOn = x.dueOn + rng.int(1, 40);
      return closedOn <= span.end ? { ...x, closedOn, status: '已销号' } : open();
    }
    return open();
  }
  return rng.chance(0.4) && span.end - x.foundOn > 3 ? settled(x.foundOn + rng.int(3, span.end - x.foundOn)) : open();
}

export interface RectificationVariety {
  overdueOpen: string;
  closedLate: string;
}

/**
 * Makes sure the list shows both failures of the closed loop, an item still open after
 * its deadline and one closed after it, however few items a small run has.
 */
export function ensureVariety(items: Rectification[], span: Span): RectificationVariety | null {
  const overdue = (x: Rectification) => (x.status === '未整改' || x.status === '整改中') && x.dueOn < span.end;
  const late = (x: Rectification) => x.closedOn !== null && x.closedOn > x.dueOn;
  if (!items.some(overdue)) {
    const i = items.findIndex((x) => x.dueOn < span.end - 1 && !late(x));
    if (i < 0) return null;
    items[i] = { ...items[i]!, closedOn: null, status: '整改中' };
  }
  if (!items.some(late)) {
    const i = items.findIndex((x) => x.closedOn !== null && x.dueOn + 10 <= span.end);
    if (i < 0) return null;
    items[i] = { ...items[i]!, closedOn: items[i]!.dueOn + 10, status: '已销号' };
  }
  return { overdueOpen: items.find(overdue)!.id, closedLate: items.find(late)!.id };
}
