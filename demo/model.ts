/**
 * The simulated world, in canonical values (the contract's canonical enum values, days
 * and stamps on the local wall clock). Export quirks are applied only when a record is
 * written (cells.ts), so everything here is what the ingest should end up storing.
 */
import type { Day, Stamp } from './calendar.ts';

export type Level = '本科' | '专科';
export type OrgType = '高校党委' | '院系党委' | '党总支' | '党支部' | '党小组';
export type BranchCategory = '教职工' | '学生' | '离退休' | '混合';
export type PersonCategory = '教职工' | '学生' | '离退休' | '其他';
export type MemberStatus = '正式党员' | '预备党员';
export type BranchRole = '书记' | '副书记' | '委员' | '无';
export type ActivityType = '支部党员大会' | '支部委员会会议' | '党小组会' | '党课' | '主题党日' | '组织生活会' | '民主评议党员';
export type Mode = '线下' | '线上' | '线上线下结合';
export type AttendanceStatus = '出席' | '请假' | '缺席' | '列席';

export interface University {
  index: number;
  code: string;
  name: string;
  city: string;
  level: Level;
}

export interface OrgUnit {
  code: string;
  name: string;
  type: OrgType;
  parentCode: string | null;
  universityCode: string;
  branchCategory: BranchCategory | null;
  establishedOn: Day | null;
  dissolvedOn: Day | null;
  isContactPoint: boolean | null;
  dualLeaderSecretary: boolean | null;
}

export interface Member {
  id: string;
  name: string;
  idNumber: string | null;
  status: MemberStatus;
  branchCode: string;
  groupCode: string | null;
  personCategory: PersonCategory;
  isLeadingCadre: boolean;
  role: BranchRole;
  /** As exported: null when the platform does not know. */
  joinedOn: Day | null;
  leftOn: Day | null;
  /** Simulation only: chance of attending a meeting, and of asking leave when not. */
  attendP: number;
  leaveShare: number;
}

export interface Branch {
  unit: OrgUnit;
  category: BranchCategory;
  members: Member[];
  groups: OrgUnit[];
  /** Strong branches keep the cadence and attend well; weak ones less so. */
  strong: boolean;
  /** Organisations that may send observers, nearest first (college, university committee). */
  observerOrgs: string[];
  /** Preferred day of the month for the fixed 主题党日. */
  themeDay: number;
}

export interface UniversityWorld {
  university: University;
  /** Every org unit of the university, parents before children. */
  units: OrgUnit[];
  branches: Branch[];
}

export interface Activity {
  id: string;
  branchCode: string;
  groupCode: string | null;
  type: ActivityType;
  title: string;
  startedAt: Stamp;
  endedAt: Stamp | null;
  mode: Mode;
  tags: string[];
  hasMinutes: boolean | null;
  criticismCount: number | null;
  redoOf: string | null;
  /** Header counts, filled from the attendance rows. */
  expected: number;
  attended: number;
  onLeave: number;
  absent: number;
  /** A platform's own attended count when it disagrees with the rows (planted A05). */
  attendedCountOverride: number | null;
  halted: boolean;
}

export interface AttendanceRow {
  activityId: string;
  memberId: string;
  status: AttendanceStatus;
  signedInAt: Stamp | null;
  leaveReason: string | null;
  asOrdinaryMember: boolean | null;
}

export interface Observation {
  id: string;
  activityId: string;
  branchCode: string;
  day: Day;
  observerName: string;
  observerOrgCode: string;
  scores: [number, number, number, number];
  problems: string[];
  halted: boolean;
  comments: string;
}

export type RectificationSource = '列席督导' | '组织生活会' | '民主评议' | '专项督查' | '巡视巡察' | '其他';
export type RectificationStatus = '未整改' | '整改中' | '已整改' | '已销号';

export interface Rectification {
  id: string;
  branchCode: string;
  source: RectificationSource;
  observationId: string | null;
  description: string;
  foundOn: Day;
  dueOn: Day;
  closedOn: Day | null;
  status: RectificationStatus;
}

export type Selection = '未推报' | '已推报' | '省级优秀';

export interface CaseReport {
  id: string;
  universityCode: string;
  branchCode: string | null;
  year: number;
  quarter: number;
  title: string;
  submittedOn: Day | null;
  selection: Selection;
}

export type Rating = '好' | '较好' | '一般' | '差';

export interface Evaluation {
  year: number;
  branchCode: string;
  rating: Rating;
}
