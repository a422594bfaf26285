/**
 * Attendance of one meeting: one row per expected member (出席 mostly, 请假 with a
 * reason, 缺席 a few) plus 列席 rows for members sitting in on a committee meeting.
 * Sign-in times scatter around the start; leading cadres attend as ordinary members.
 * The attendance plantings (A02, A03, A09, A11, A12) are applied here.
 */
import { quarterOfMonth, ymdOf } from './calendar.ts';
import type { BranchContext, Draft } from './activities.ts';
import type { AttendanceRow, AttendanceStatus, Branch } from './model.ts';
import { CADRE_LEAVE_REASONS, LEAVE_REASONS, STUDENT_LEAVE_REASONS } from './texts.ts';

const VACATION_MONTHS = new Set([1, 2, 7, 8]);

export function attendanceFor(branch: Branch, draft: Draft, ctx: BranchContext): AttendanceRow[] {
  const { rng } = ctx;
  const d = ctx.directives;
  const { month } = ymdOf(draft.day);
  const vacation = VACATION_MONTHS.has(month) && (branch.category === '学生' || branch.category === '混合');
  const drop = d?.participationDrop?.quarters.includes(quarterOfMonth(month)) ?? false;
  const cadrePlanted = d?.cadreAbsent !== undefined;
  const uniform = draft.marks.has('uniform');
  const rows: AttendanceRow[] = [];

  for (const m of draft.expected) {
    let status: AttendanceStatus;
    let leaveReason: string | null = null;
    let asOrdinaryMember: boolean | null = null;
    if (uniform) status = '出席';
    else if (d?.absentee?.memberId === m.id && draft.day >= d.absentee.from) status = '缺席';
    else if (cadrePlanted && d?.cadreAbsent?.memberId === m.id) status = d.cadreAbsent.mode === 'leave' ? '请假' : '出席';
    else {
      const p = drop ? 0.45 : vacation ? m.attendP - 0.06 : m.attendP;
      const leaveShare = drop ? 0.35 : m.leaveShare;
      status = rng.next() < p ? '出席' : rng.next() < leaveShare ? '请假' : '缺席';
    }
    if (status === '请假' && rng.chance(0.9)) {
      leaveReason = rng.pick(m.isLeadingCadre ? CADRE_LEAVE_REASONS : m.personCategory === '学生' ? STUDENT_LEAVE_REASONS : LEAVE_REASONS);
    }
    if (status === '出席' && m.isLeadingCadre) {
      asOrdinaryMember = cadrePlanted && d?.cadreAbsent?.memberId === m.id && d.cadreAbsent.mode === 'not_ordinary' ? false : rng.chance(0.92) ? true : null;
    }
    let signedInAt: number | null = null;
    if (status === '出席') {
      // Uniform sign-in (A03): everyone "signed" within one minute, as when a list is back-filled.
      signedInAt = uniform ? draft.start - 360 + rng.int(0, 55) : draft.start + rng.int(-25 * 60, 8 * 60);
    }
    rows.push({ activityId: draft.id, memberId: m.id, status, signedInAt, leaveReason, asOrdinaryMember });
  }
  if (draft.marks.has('outside')) {
    const row = rows.find((r) => r.status === '出席');
    // A11: a sign-in more than two hours before the start.
    if (row) row.signedInAt = draft.start - 3 * 3600 - 600;
  }
  for (const m of draft.auditors) {
    rows.push({ activityId: draft.id, memberId: m.id, status: '列席', signedInAt: draft.start + rng.int(-15 * 60, 5 * 60), leaveReason: null, asOrdinaryMember: null });
  }
  return rows;
}
