// GET /brief?period=P[&university=CODE][&format=pdf|html] — the periodic brief (定期分析研判) of the
// province or one university, made by the server process (ECharts SSR; chromium for the PDF).
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { UserError } from '../../../../warehouse/errors.ts';
import { requestView } from '$lib/server/request.ts';
import { audit } from '$lib/server/auth.ts';
import { getServices } from '$lib/server/services.ts';
import { openReadConnection } from '$lib/server/warehouse.ts';

/** The minute now in Asia/Shanghai: the brief is stamped 生成于 to the minute (reports/brief.ts). */
function shanghaiMinute(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' }).format(new Date());
}

export const GET: RequestHandler = async (event) => {
  const view = await requestView(event);
  if (view.problems.some((p) => p.field === 'period')) error(400, `无法识别的时期：${event.url.searchParams.get('period')}（应为 2024-03、2024Q1 或 2024）`);
  const format = event.url.searchParams.get('format') ?? 'html';
  if (format !== 'pdf' && format !== 'html') error(400, `format 应为 pdf 或 html，而不是“${format}”`);
  // The province's brief, or one university's: a university user gets its own whatever the URL
  // says (request.ts answered 404 to another); a college user sees no whole university.
  if (view.scope.role === 'college') error(403, '院系用户不能生成研判报告：报告按全省或整所高校编制。');
  const university = view.scope.role === 'university' ? view.scope.universityCode : view.state.university;
  const options = { period: view.period.code, university };
  const services = await getServices();
  const name = `质效研判报告_${university ?? '全省'}_${view.period.code}`;
  await audit(event, 'brief', { detail: `${format.toUpperCase()}，${university ?? '全省'}，${view.period.code}` });
  // Made on the models of the view's as_of and kept per data generation, for the minute the brief
  // is stamped with: a brief asked again within the minute is the same document (cache/results.ts).
  const made = `brief-${format}@${shanghaiMinute()}`;
  try {
    if (format === 'pdf') {
      const pdf = await view.read(made, () => services.briefPdf(options, openReadConnection));
      return new Response(pdf as Uint8Array<ArrayBuffer>, {
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': `inline; filename="brief-${view.period.code}.pdf"; filename*=UTF-8''${encodeURIComponent(name)}.pdf`,
          'cache-control': 'no-store',
        },
      });
    }
    const html = await view.read(made, () => services.briefHtml(options, openReadConnection));
    return new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
  } catch (failure) {
    if (failure instanceof UserError) error(400, failure.message);
    throw failure;
  }
};
