/**
 * The annual 述职评议 of branch secretaries. Ratings follow the plan's rule: a branch
 * whose organisational life was not up to standard (indicators.md: regularity ≥ 0.90,
 * participation ≥ 0.85, every halt redone within 30 days) is not rated 好 or 较好 —
 * except where A07 is planted. To stay clear of rounding and edge cases in the models,
 * only branches comfortably above the bar get 好 or 较好.
 */
import { dayOf, monthEnd, monthStart, quarterEnd, quarterStart, ymdOf, type Day } from './calendar.ts';
import type { Activity, ActivityType, Branch, Evaluation, Rating } from './model.ts';
import type { BranchDirectives } from './plantings.ts';
import type { Random } from './random.ts';
import { branchExists, fullMembers } from './world.ts';

export interface BranchYearCompliance {
  year: number;
  regularity: number | null;
  participation: number | null;
  haltsRedoneInTime: boolean;
  upToStandard: boolean;
}

const dayOfActivity = (a: Activity): Day => Math.floor(a.startedAt / 86_400);

/** The branch's regularity, participation and halt record for `year`, as indicators.md defines them. */
export function branchYearCompliance(branch: Branch, activities: Activity[], year: number, asOf: Day): BranchYearCompliance {
  let required = 0;
  let met = 0;
  const held = (type: ActivityType, first: Day, last: Day, extra: (a: Activity) => boolean = () => true) =>
    activities.some((a) => a.type === type && !a.halted && dayOfActivity(a) >= first && dayOfActivity(a) <= last && extra(a));
  const pair = (ok: boolean) => {
    required++;
    if (ok) met++;
  };
  for (let month = 1; month <= 12; month++) {
    const first = monthStart(year, month);
    const last = monthEnd(year, month);
    if (last > asOf || !branchExists(branch, last)) continue;
    pair(held('主题党日', first, last));
    if (fullMembers(branch, first, last) >= 7) pair(held('支部委员会会议', first, last));
    if (branch.groups.length > 0) pair(held('党小组会', first, last));
  }
  for (let quarter = 1; quarter <= 4; quarter++) {
    const first = quarterStart(year, quarter);
    const last = quarterEnd(year, quarter);
    if (last > asOf || !branchExists(branch, last)) continue;
    pair(held('支部党员大会', first, last));
    pair(held('党课', first, last));
  }
  const yearFirst = dayOf(year, 1, 1);
  const yearLast = dayOf(year, 12, 31);
  if (yearLast <= asOf && branchExists(branch, yearLast)) {
    pair(held('组织生活会', yearFirst, yearLast));
    pair(held('民主评议党员', yearFirst, yearLast));
    pair(held('支部党员大会', dayOf(year, 11, 1), yearLast, (a) => a.tags.includes('年度组织生活通报')));
  }
  let expected = 0;
  let attended = 0;
  let haltsRedoneInTime = true;
  for (const a of activities) {
    const day = dayOfActivity(a);
    if (day < yearFirst || day > yearLast) continue;
    expected += a.expected;
    attended += a.attended;
    if (a.halted && !activities.some((r) => r.redoOf === a.id && dayOfActivity(r) - day <= 30)) haltsRedoneInTime = false;
  }
  const regularity = required === 0 ? null : met / required;
  const participation = expected === 0 ? null : attended / expected;
  return {
    year,
    regularity,
    participation,
    haltsRedoneInTime,
    upToStandard: regularity !== null && regularity >= 0.9 && participation !== null && participation >= 0.85 && haltsRedoneInTime,
  };
}

/**
 * Ratings for the completed years in which the branch still exists at year end. Each
 * year draws from its own stream (`rng` forked by the year), so a year's rating does not
 * depend on which later years are complete.
 */
export function evaluateBranch(branch: Branch, activities: Activity[], years: number[], asOf: Day, directives: BranchDirectives | undefined, rng: Random): Evaluation[] {
  const out: Evaluation[] = [];
  for (const year of years) {
    if (!branchExists(branch, dayOf(year, 12, 31))) continue;
    const c = branchYearCompliance(branch, activities, year, asOf);
    const yrng = rng.fork(String(year));
    const haltedThisYear = activities.some((a) => a.halted && ymdOf(dayOfActivity(a)).year === year);
    let rating: Rating;
    if (directives?.halt && haltedThisYear) rating = directives.halt.rateAs;
    else if (c.upToStandard && c.regularity! >= 0.93 && c.participation! >= 0.88) rating = yrng.weighted([['好', 0.45], ['较好', 0.45], ['一般', 0.1]] as const);
    else rating = yrng.weighted([['一般', 0.8], ['差', 0.2]] as const);
    out.push({ year, branchCode: branch.unit.code, rating });
  }
  return out;
}
