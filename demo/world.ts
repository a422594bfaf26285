/**
 * The organisations and members of the demo: universities in Anhui's 16 cities, each
 * with its committee (高校党委), college committees or general branches, branches
 * (student ones larger and more numerous, staff ones with double-leader secretaries),
 * some 党小组, and members who join and leave over the span.
 *
 * The world is built over the simulated horizon (scale.ts) and read "as known on" the
 * export day: `unitAsOf` and `memberAsOf` drop what does not exist yet and the leaving
 * and dissolution dates still to come.
 */
import { dayOf, type Day } from './calendar.ts';
import type { Branch, BranchCategory, Level, Member, MemberStatus, OrgUnit, PersonCategory, University, UniversityWorld } from './model.ts';
import { CITY_WEIGHTS, COLLEGE_NAMES, fakeIdNumber, ordinal, personName, universityName } from './names.ts';
import type { Random } from './random.ts';
import type { ScaleConfig, Span } from './scale.ts';

/** The universities of a scale, Hefei's first. Small scale uses four cities in four corners of the province. */
export function planUniversities(config: ScaleConfig, rng: Random): University[] {
  const cities: string[] = [];
  if (config.name === 'small') {
    cities.push('合肥', '芜湖', '安庆', '阜阳');
  } else {
    // Every city gets its share of the 121 (CITY_WEIGHTS sums to 121); other counts scale it.
    const total = CITY_WEIGHTS.reduce((s, [, w]) => s + w, 0);
    for (const [city, weight] of CITY_WEIGHTS) {
      const n = Math.max(1, Math.round((weight * config.universities) / total));
      for (let i = 0; i < n; i++) cities.push(city);
    }
    while (cities.length > config.universities) cities.splice(cities.lastIndexOf('合肥'), 1);
    while (cities.length < config.universities) cities.push('合肥');
    cities.sort((a, b) => CITY_WEIGHTS.findIndex(([c]) => c === a) - CITY_WEIGHTS.findIndex(([c]) => c === b));
  }
  const undergraduates = Math.round(config.universities * config.undergraduateShare);
  const levelOrder = rng.shuffled(cities.map((_, i) => (i < undergraduates ? '本科' : '专科') as Level));
  const usedNames = new Set<string>();
  return cities.map((city, index) => {
    const level = config.name === 'small' ? (index < 2 ? '本科' : '专科') : levelOrder[index]!;
    return {
      index,
      code: `AH${String(index + 1).padStart(3, '0')}`,
      name: universityName(rng.fork(`name-${index}`), city, level, usedNames),
      city,
      level,
    };
  });
}

interface BranchPlan {
  code: string;
  name: string;
  parentCode: string;
  category: BranchCategory;
  /** Branches of colleges and the administration may have leading cadres as members. */
  cadres: boolean;
  studentKind: '本科生' | '研究生' | null;
}

/** Builds one university: org units, branches with their groups and members. */
export function buildUniversity(
  university: University,
  config: ScaleConfig,
  span: Span,
  rng: Random,
  idNumbers: Set<string>,
): UniversityWorld {
  const shape = config.shape[university.level];
  const u = university.code;
  const committee: OrgUnit = unit(u, `${u}-DW`, `${university.name}党委`, '高校党委', null);
  const units: OrgUnit[] = [committee];
  const plans: BranchPlan[] = [];

  const collegeNames = rng.sample(COLLEGE_NAMES, rng.int(shape.colleges[0], shape.colleges[1]));
  collegeNames.forEach((collegeName, ci) => {
    const code = `${u}-C${String(ci + 1).padStart(2, '0')}`;
    const general = rng.chance(0.2);
    units.push(unit(u, code, `${collegeName}${general ? '党总支' : '党委'}`, general ? '党总支' : '院系党委', committee.code, rng.chance(0.3) ? rng.int(2005, 2019) : null));
    let n = 0;
    const staff = rng.int(shape.staffBranchesPerCollege[0], shape.staffBranchesPerCollege[1]);
    for (let i = 1; i <= staff; i++) {
      n++;
      plans.push({ code: `${code}-B${String(n).padStart(2, '0')}`, name: `${collegeName}教工${ordinal(i)}党支部`, parentCode: code, category: '教职工', cadres: true, studentKind: null });
    }
    const students = rng.int(shape.studentBranchesPerCollege[0], shape.studentBranchesPerCollege[1]);
    const graduates = university.level === '本科' ? Math.floor(students / 3) : 0;
    for (let i = 1; i <= students; i++) {
      n++;
      const kind = i <= students - graduates ? '本科生' : '研究生';
      const k = kind === '本科生' ? i : i - (students - graduates);
      const mixed = rng.chance(0.05);
      plans.push({
        code: `${code}-B${String(n).padStart(2, '0')}`,
        name: mixed ? `${collegeName}师生联合${ordinal(k)}党支部` : `${collegeName}${kind}${ordinal(k)}党支部`,
        parentCode: code,
        category: mixed ? '混合' : '学生',
        cadres: false,
        studentKind: kind,
      });
    }
  });

  const officeCode = `${u}-C${String(collegeNames.length + 1).padStart(2, '0')}`;
  units.push(unit(u, officeCode, '机关党委', '院系党委', committee.code));
  const offices = rng.int(shape.officeBranches[0], shape.officeBranches[1]);
  for (let i = 1; i <= offices; i++) {
    plans.push({ code: `${officeCode}-B${String(i).padStart(2, '0')}`, name: `机关${ordinal(i)}党支部`, parentCode: officeCode, category: '教职工', cadres: true, studentKind: null });
  }
  const retiredCode = `${u}-C${String(collegeNames.length + 2).padStart(2, '0')}`;
  const retiredGeneral = rng.chance(0.5);
  units.push(unit(u, retiredCode, retiredGeneral ? '离退休党总支' : '离退休工作党委', retiredGeneral ? '党总支' : '院系党委', committee.code));
  const retired = rng.int(shape.retiredBranches[0], shape.retiredBranches[1]);
  for (let i = 1; i <= retired; i++) {
    plans.push({ code: `${retiredCode}-B${String(i).padStart(2, '0')}`, name: `离退休${ordinal(i)}党支部`, parentCode: retiredCode, category: '离退休', cadres: false, studentKind: null });
  }

  // Restructuring: a few branches are founded or dissolved inside the span. The first two
  // universities always have one of each, early in the span, so the small scale shows both
  // whatever the end date.
  const founded = new Set<string>();
  const dissolved = new Set<string>();
  const early = new Set<string>();
  for (const plan of plans) {
    if (plan.category === '离退休') continue;
    if (rng.chance(0.03)) founded.add(plan.code);
    else if (rng.chance(0.025)) dissolved.add(plan.code);
  }
  if (university.index === 0 && founded.size === 0) {
    const code = plans.filter((p) => p.category === '学生').at(-1)!.code;
    founded.add(code);
    early.add(code);
  }
  if (university.index === 1 && dissolved.size === 0) {
    const code = plans.find((p) => p.parentCode === officeCode)!.code;
    dissolved.add(code);
    early.add(code);
  }

  const ctx: MemberContext = { university, config, span, idNumbers, serial: 0 };
  const branches: Branch[] = [];
  const unitsByCollege = new Map<string, OrgUnit[]>();
  for (const plan of plans) {
    const brng = rng.fork(plan.code);
    let establishedOn: Day | null = brng.chance(0.4) ? dayOf(brng.int(span.firstYear - 15, span.firstYear - 1), brng.pick([3, 6, 9, 10, 11]), brng.int(1, 28)) : null;
    let dissolvedOn: Day | null = null;
    if (founded.has(plan.code) && span.end - span.start > 240) establishedOn = brng.int(span.start + 45, early.has(plan.code) ? span.start + 180 : span.end - 120);
    if (dissolved.has(plan.code) && span.end - span.start > 180) dissolvedOn = brng.int(span.start + 90, early.has(plan.code) ? span.start + 150 : span.end - 45);
    const staffLike = plan.category === '教职工';
    const branchUnit: OrgUnit = {
      ...unit(u, plan.code, plan.name, '党支部', plan.parentCode),
      branchCategory: plan.category,
      establishedOn,
      dissolvedOn,
      isContactPoint: brng.chance(0.04) ? true : brng.chance(0.5) ? false : null,
      dualLeaderSecretary: staffLike ? brng.chance(0.85) : plan.category === '离退休' ? null : brng.chance(0.5) ? false : null,
    };
    const branch: Branch = {
      unit: branchUnit,
      category: plan.category,
      members: [],
      groups: [],
      strong: brng.chance(0.82),
      observerOrgs: [plan.parentCode, committee.code],
      themeDay: brng.int(8, 25),
    };
    populate(branch, plan, ctx, brng);
    branches.push(branch);
    const list = unitsByCollege.get(plan.parentCode) ?? [];
    list.push(branchUnit, ...branch.groups);
    unitsByCollege.set(plan.parentCode, list);
  }
  // Parents before children: committee, then each college followed by its branches and groups.
  const ordered: OrgUnit[] = [committee];
  for (const college of units.slice(1)) ordered.push(college, ...(unitsByCollege.get(college.code) ?? []));
  return { university, units: ordered, branches };
}

function unit(universityCode: string, code: string, name: string, type: OrgUnit['type'], parentCode: string | null, foundedYear: number | null = null): OrgUnit {
  return {
    code,
    name,
    type,
    parentCode,
    universityCode,
    branchCategory: null,
    establishedOn: foundedYear === null ? null : dayOf(foundedYear, 9, 1),
    dissolvedOn: null,
    isContactPoint: null,
    dualLeaderSecretary: null,
  };
}

interface MemberContext {
  university: University;
  config: ScaleConfig;
  span: Span;
  idNumbers: Set<string>;
  serial: number;
}

interface NewMember {
  category: PersonCategory;
  role?: Member['role'];
  cadre?: boolean;
  joinedOn: Day | null;
  /** Members present from the start whose joining date the platform may not know. */
  initial: boolean;
}

/** Creates the branch's roster at its start and the joining and leaving over the span. */
function populate(branch: Branch, plan: BranchPlan, ctx: MemberContext, rng: Random): void {
  const { span } = ctx;
  const [mean, sd] = ctx.config.branchSize[plan.category];
  const minimum = plan.category === '学生' ? 9 : 5;
  // Some staff and retired branches are small: fewer than 7 full members, a secretary and no committee.
  const size = plan.category !== '学生' && rng.chance(0.12) ? rng.int(5, 7) : Math.round(rng.clampedNormal(mean, sd, minimum, 50));
  const start = branch.unit.establishedOn !== null && branch.unit.establishedOn > span.start ? branch.unit.establishedOn : span.start;
  // Nobody joins or leaves after the branch is dissolved (its members leave on that day).
  const last = Math.min(span.end, branch.unit.dissolvedOn ?? span.end);
  const foundedInSpan = start > span.start;
  const ordinary: PersonCategory = plan.category === '学生' ? '学生' : plan.category === '离退休' ? '离退休' : '教职工';

  const secretaryCategory: PersonCategory = plan.category === '学生' ? (rng.chance(0.7) ? '教职工' : '学生') : ordinary;
  const roster: NewMember[] = [{ category: secretaryCategory, role: '书记', joinedOn: null, initial: true }];
  if (size >= 8) {
    if (rng.chance(0.6)) roster.push({ category: ordinary, role: '副书记', joinedOn: null, initial: true });
    for (let i = rng.int(2, 3); i > 0; i--) roster.push({ category: ordinary, role: '委员', joinedOn: null, initial: true });
  }
  const inSpanBranch = foundedInSpan || branch.unit.dissolvedOn !== null;
  if (plan.cadres && !inSpanBranch && rng.chance(0.5)) {
    for (let i = rng.int(1, 2); i > 0; i--) roster.push({ category: '教职工', cadre: true, joinedOn: null, initial: true });
  }
  while (roster.length < size) {
    const category: PersonCategory =
      plan.category === '混合' ? (rng.chance(0.6) ? '学生' : '教职工') : plan.category === '教职工' && rng.chance(0.03) ? '其他' : ordinary;
    roster.push({ category, joinedOn: null, initial: true });
  }

  // Groups in some larger branches; members are spread over them.
  const groupCount = size >= 12 && rng.chance(0.6) ? Math.min(4, Math.max(2, Math.round(size / 8))) : 0;
  for (let g = 1; g <= groupCount; g++) {
    branch.groups.push({
      code: `${branch.unit.code}-G${g}`,
      name: `${branch.unit.name}${ordinal(g)}党小组`,
      type: '党小组',
      parentCode: branch.unit.code,
      universityCode: branch.unit.universityCode,
      branchCategory: null,
      establishedOn: foundedInSpan ? branch.unit.establishedOn : null,
      dissolvedOn: branch.unit.dissolvedOn,
      isContactPoint: null,
      dualLeaderSecretary: null,
    });
  }

  const add = (spec: NewMember): Member => {
    const member = makeMember(branch, spec, ctx, rng);
    branch.members.push(member);
    return member;
  };
  for (const spec of roster) add(foundedInSpan ? { ...spec, joinedOn: start, initial: false } : spec);

  // Joining and leaving, year by year.
  for (let year = span.firstYear; year <= span.lastYear; year++) {
    const present = () => branch.members.filter((m) => m.leftOn === null && (m.joinedOn === null || m.joinedOn <= dayOf(year, 6, 1)));
    const movable = (m: Member) => m.role === '无' && !m.isLeadingCadre;
    if (plan.category === '学生' || plan.category === '混合') {
      const graduation = dayOf(year, 6, rng.int(25, 30));
      let graduates = 0;
      if (graduation > start && graduation <= last) {
        for (const m of present()) {
          if (movable(m) && m.personCategory === '学生' && rng.chance(plan.category === '学生' ? 0.3 : 0.15)) {
            m.leftOn = graduation;
            graduates++;
          }
        }
      }
      const arrivals = Math.max(0, graduates + rng.int(-2, 2));
      for (let i = 0; i < arrivals; i++) {
        const day = dayOf(year, 9, 10) + rng.int(0, 81);
        if (day > start && day <= last) add({ category: '学生', joinedOn: day, initial: false });
      }
    } else {
      const yearStart = Math.max(dayOf(year, 1, 1), start + 1);
      const yearEnd = Math.min(dayOf(year, 12, 31), last);
      if (yearEnd <= yearStart) continue;
      for (const m of present()) {
        // A member leaves after joining: never on or before the joining day.
        const earliest = Math.max(yearStart, (m.joinedOn ?? yearStart) + 1);
        if (movable(m) && earliest <= yearEnd && rng.chance(0.03)) m.leftOn = rng.int(earliest, yearEnd);
      }
      const arrivals = present().filter(() => rng.chance(0.04)).length;
      for (let i = 0; i < arrivals; i++) add({ category: ordinary, joinedOn: rng.int(yearStart, yearEnd), initial: false });
    }
  }
  if (branch.unit.dissolvedOn !== null) {
    for (const m of branch.members) if (m.leftOn === null || m.leftOn > branch.unit.dissolvedOn) m.leftOn = branch.unit.dissolvedOn;
  }
}

function makeMember(branch: Branch, spec: NewMember, ctx: MemberContext, rng: Random): Member {
  const { span } = ctx;
  ctx.serial++;
  const role = spec.role ?? '无';
  const cadre = spec.cadre ?? false;
  let joinedOn = spec.joinedOn;
  if (spec.initial && rng.chance(0.65)) {
    // Known joining dates of members present from the start lie before the span.
    const yearsBefore = spec.category === '学生' ? rng.int(0, 2) : rng.int(0, 12);
    joinedOn = dayOf(span.firstYear - 1 - yearsBefore, rng.pick([3, 4, 5, 9, 10, 11, 12]), rng.int(1, 28));
  }
  // Probationary members are the recently admitted: mostly students who joined in the last year (of the
  // horizon, so that a member's status does not depend on the export day).
  const recent = joinedOn !== null && joinedOn > span.end - 365;
  let status: MemberStatus = '正式党员';
  if (role === '无' && !cadre) {
    if (recent && spec.category === '学生' && rng.chance(0.6)) status = '预备党员';
    else if (spec.initial && spec.category === '学生' && rng.chance(0.12)) status = '预备党员';
    else if (spec.category === '教职工' && rng.chance(0.03)) status = '预备党员';
  }
  const disengaged = role === '无' && !cadre && rng.chance(0.002);
  const attendP = disengaged
    ? 0.06
    : cadre
      ? rng.clampedNormal(0.86, 0.05, 0.7, 0.97)
      : branch.strong
        ? rng.clampedNormal(0.945, 0.03, 0.8, 0.995)
        : rng.clampedNormal(0.84, 0.06, 0.6, 0.97);
  const endYear = span.lastYear;
  const birthYear =
    spec.category === '学生' ? rng.int(endYear - 26, endYear - 19) : spec.category === '离退休' ? rng.int(endYear - 88, endYear - 61) : rng.int(endYear - 60, endYear - 25);
  const groupCode = branch.groups.length > 0 && role !== '书记' ? rng.pick(branch.groups).code : null;
  return {
    id: `${ctx.university.code}-M${String(ctx.serial).padStart(5, '0')}`,
    name: personName(rng),
    idNumber: rng.chance(0.7) ? fakeIdNumber(rng, birthYear, ctx.idNumbers) : null,
    status,
    branchCode: branch.unit.code,
    groupCode,
    personCategory: spec.category,
    isLeadingCadre: cadre,
    role,
    joinedOn,
    leftOn: null,
    attendP,
    leaveShare: disengaged ? 0.15 : rng.clampedNormal(0.78, 0.1, 0.4, 0.95),
  };
}

/** A member belongs to the branch on `day` (indicators.md: joined ≤ day ≤ left). */
export function isPresent(member: Member, day: Day): boolean {
  return (member.joinedOn === null || member.joinedOn <= day) && (member.leftOn === null || member.leftOn >= day);
}

/** The branch exists on `day`. */
export function branchExists(branch: Branch, day: Day): boolean {
  const { establishedOn, dissolvedOn } = branch.unit;
  return (establishedOn === null || establishedOn <= day) && (dissolvedOn === null || dissolvedOn >= day);
}

/** full_members(b, s) of indicators.md for the span of days [first, last]. */
export function fullMembers(branch: Branch, first: Day, last: Day): number {
  let n = 0;
  for (const m of branch.members) {
    if (m.status === '正式党员' && (m.joinedOn === null || m.joinedOn <= last) && (m.leftOn === null || m.leftOn >= first)) n++;
  }
  return n;
}

/** An org unit as an export on `day` shows it: null before it is founded, no dissolution date still to come. */
export function unitAsOf(unit: OrgUnit, day: Day): OrgUnit | null {
  if (unit.establishedOn !== null && unit.establishedOn > day) return null;
  return unit.dissolvedOn !== null && unit.dissolvedOn > day ? { ...unit, dissolvedOn: null } : unit;
}

/** A member as an export on `day` shows them: null before they join, no leaving date still to come. */
export function memberAsOf(member: Member, day: Day): Member | null {
  if (member.joinedOn !== null && member.joinedOn > day) return null;
  return member.leftOn !== null && member.leftOn > day ? { ...member, leftOn: null } : member;
}
