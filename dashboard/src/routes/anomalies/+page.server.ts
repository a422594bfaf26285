// 异常: the anomalies of the period with their follow-up; the review form action (the closed loop).
import { fail } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { isReviewStatus, readAnomalyFilters } from '$lib/features/anomalies/review.ts';
import { requestView } from '$lib/server/request.ts';
import { getAnomaliesPage, recordReview, UnknownAnomalyError } from '$lib/server/queries/anomalies.ts';
import { reviewerName } from '$lib/server/reviewer.ts';
import { audit, requireScope } from '$lib/server/auth.ts';

export const load: PageServerLoad = async (event) => {
  const view = await requestView(event);
  const { filters, problems } = readAnomalyFilters(event.url.searchParams);
  const anomalies = await view.read('anomalies', () => getAnomaliesPage(view.scope, { period: view.period, university: view.state.university, filters }, new Set(view.context.relations)));
  // Chronic absentees (A02) and other member-level findings name members: a member-level view.
  if (anomalies.list.rows.some((r) => r.member_id !== null) || (anomalies.detail?.members.length ?? 0) > 0) {
    await audit(event, 'view_members', { detail: '异常清单（含党员层级异常，如长期缺席）' });
  }
  return { anomalies, filters, filterProblems: problems, title: event.locals.lang === 'en' ? 'Anomalies' : '异常核实', crumbs: [] };
};

/** A note is for people: at most this many characters. */
const NOTE_MAX = 500;
const KEY = /^[0-9a-f]{64}$/;

export const actions: Actions = {
  /** Record a follow-up status (and note) of one anomaly; who and when are set here. */
  review: async (event) => {
    const form = await event.request.formData();
    const key = String(form.get('key') ?? '');
    const status = form.get('status');
    const note = String(form.get('note') ?? '').trim();
    if (!KEY.test(key)) return fail(400, { key, message: '缺少要核实的异常，请从列表中选择一条。' });
    if (!isReviewStatus(status)) return fail(400, { key, message: '请选择核实结论：待核实、已核实、误报或已转整改。' });
    if (note.length > NOTE_MAX) return fail(400, { key, message: `备注最多 ${NOTE_MAX} 字，当前 ${note.length} 字。` });
    try {
      const saved = await recordReview(requireScope(event), { key, status, note: note || null, who: reviewerName(event.locals) });
      await audit(event, 'anomaly_status', { target: key, detail: `${status}${note ? `：${note.slice(0, 100)}` : ''}` });
      return { key, saved };
    } catch (error) {
      if (error instanceof UnknownAnomalyError) return fail(404, { key, message: error.message });
      throw error;
    }
  },
};
