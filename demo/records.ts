/**
 * The simulated world as contract rows: one record per row, keyed by the contract's
 * canonical column names, holding canonical values (days, stamps, booleans, lists).
 * Keys starting with `_` carry context for extra columns (a branch's name) and are
 * never written under a contract header.
 */
import type { CellInput } from './cells.ts';
import type { Activity, AttendanceRow, CaseReport, Evaluation, Member, Observation, OrgUnit, Rectification, University } from './model.ts';

export type DemoRecord = Record<string, CellInput>;

export function universityRecord(u: University): DemoRecord {
  return { university_code: u.code, university_name: u.name, city: u.city, level: u.level };
}

export function orgUnitRecord(o: OrgUnit): DemoRecord {
  return {
    org_code: o.code,
    org_name: o.name,
    org_type: o.type,
    parent_code: o.parentCode,
    university_code: o.universityCode,
    branch_category: o.branchCategory,
    established_on: o.establishedOn,
    dissolved_on: o.dissolvedOn,
    is_contact_point: o.isContactPoint,
    dual_leader_secretary: o.dualLeaderSecretary,
  };
}

export function memberRecord(m: Member): DemoRecord {
  return {
    member_id: m.id,
    name: m.name,
    id_number: m.idNumber,
    member_status: m.status,
    branch_code: m.branchCode,
    group_code: m.groupCode,
    person_category: m.personCategory,
    is_leading_cadre: m.isLeadingCadre,
    branch_role: m.role,
    joined_branch_on: m.joinedOn,
    left_branch_on: m.leftOn,
  };
}

export function activityRecord(a: Activity): DemoRecord {
  return {
    activity_id: a.id,
    branch_code: a.branchCode,
    group_code: a.groupCode,
    activity_type: a.type,
    title: a.title,
    started_at: a.startedAt,
    ended_at: a.endedAt,
    mode: a.mode,
    expected_count: a.expected,
    attended_count: a.attendedCountOverride ?? a.attended,
    leave_count: a.onLeave,
    absent_count: a.absent,
    content_tags: a.tags,
    has_minutes: a.hasMinutes,
    criticism_count: a.criticismCount,
    redo_of: a.redoOf,
  };
}

export function attendanceRecord(r: AttendanceRow): DemoRecord {
  return {
    activity_id: r.activityId,
    member_id: r.memberId,
    attendance_status: r.status,
    signed_in_at: r.signedInAt,
    leave_reason: r.leaveReason,
    as_ordinary_member: r.asOrdinaryMember,
  };
}

export function observationRecord(o: Observation): DemoRecord {
  return {
    observation_id: o.id,
    activity_id: o.activityId,
    observer_name: o.observerName,
    observer_org_code: o.observerOrgCode,
    score_political: o.scores[0],
    score_contemporary: o.scores[1],
    score_principled: o.scores[2],
    score_combative: o.scores[3],
    problems: o.problems,
    halted: o.halted,
    comments: o.comments,
  };
}

export function rectificationRecord(x: Rectification): DemoRecord {
  return {
    item_id: x.id,
    branch_code: x.branchCode,
    source: x.source,
    observation_id: x.observationId,
    description: x.description,
    found_on: x.foundOn,
    due_on: x.dueOn,
    closed_on: x.closedOn,
    status: x.status,
  };
}

export function caseRecord(c: CaseReport): DemoRecord {
  return {
    case_id: c.id,
    university_code: c.universityCode,
    branch_code: c.branchCode,
    quarter: `${c.year}Q${c.quarter}`,
    title: c.title,
    submitted_on: c.submittedOn,
    selection: c.selection,
  };
}

export function evaluationRecord(e: Evaluation, branchName: string): DemoRecord {
  return { year: e.year, branch_code: e.branchCode, rating: e.rating, _branch_name: branchName };
}
