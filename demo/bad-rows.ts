/**
 * A handful of deliberately bad rows, one of each kind the ingest must quarantine
 * (data-contract.md, "What bad input gets"): an unknown enum value, an impossible date,
 * a key repeated inside one file, an orphan reference and a missing required value.
 * They are extra rows: nothing else in the demo depends on them, so quarantining them
 * leaves every other figure as generated.
 */
import type { TableName } from '../ingest/contract/tables.ts';
import type { Activity, AttendanceRow, CaseReport, Rectification } from './model.ts';
import { activityRecord, attendanceRecord, caseRecord, rectificationRecord, type DemoRecord } from './records.ts';

export type BadRowKind = 'bad_enum' | 'bad_date' | 'duplicate_key' | 'orphan' | 'missing_required';

export interface BadRow {
  /** Relative to the output folder, with `/`. */
  path: string;
  sheet: string | null;
  /** 1-based line (delimited) or row (XLSX) as a spreadsheet shows it. */
  line: number;
  table: TableName;
  column: string;
  value: string;
  kind: BadRowKind;
  note: string;
}

/** A 座谈会 is not one of the contract's activity types. */
export function unknownActivityType(like: Activity): { record: DemoRecord; value: string } {
  const value = '座谈会';
  const record = activityRecord({
    ...like,
    id: like.id.replace(/-HD\d+$/, '-HD900001'),
    title: '师生座谈会',
    startedAt: like.startedAt + 2 * 86_400,
    endedAt: like.startedAt + 2 * 86_400 + 5400,
    redoOf: null,
    criticismCount: null,
    attendedCountOverride: null,
  });
  return { record: { ...record, activity_type: { raw: value }, expected_count: null, attended_count: null, leave_count: null, absent_count: null }, value };
}

/** An attendance row for a member no members file lists. */
export function orphanAttendance(like: AttendanceRow, universityCode: string): { record: DemoRecord; value: string } {
  const value = `${universityCode}-M99999`;
  return { record: attendanceRecord({ ...like, memberId: value, status: '出席', leaveReason: null, asOrdinaryMember: null }), value };
}

/** 30 February, in the file's own date spelling. */
export function impossibleDate(like: Rectification, year: number, id: string): { record: DemoRecord; value: string } {
  const value = `${year}.2.30`;
  return { record: { ...rectificationRecord({ ...like, id }), found_on: { raw: value } }, value };
}

/** A case whose title was left empty. */
export function missingTitle(like: CaseReport, id: string): { record: DemoRecord; value: string } {
  return { record: { ...caseRecord({ ...like, id }), title: null }, value: '' };
}
