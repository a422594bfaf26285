// GET /observation/export?list=suggestions|unobserved&format=csv|xlsx&… — a list of the page in
// full (the page carries its first LIST_LIMIT rows), same URL state (period, as_of, university,
// quarters, top), same scope.
import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { translate } from '$lib/i18n/dict.ts';
import { shownSuggestion, suggestionColumns, unobservedColumns } from '$lib/features/observation/columns.ts';
import { readQuarters, readTop } from '$lib/features/observation/filters.ts';
import { requestView } from '$lib/server/request.ts';
import { readExportFormat, tableExportResponse } from '$lib/server/table-export.ts';
import { listObservationRows, observationWindow, OBSERVATION_LISTS, type ObservationList } from '$lib/server/queries/observation.ts';
import { nextPeriod } from '$lib/state/periods.ts';

export const GET: RequestHandler = async (event) => {
  const format = readExportFormat(event.url.searchParams);
  const list = event.url.searchParams.get('list') ?? '';
  if (!(OBSERVATION_LISTS as readonly string[]).includes(list)) error(400, `列表“${list}”无法识别：应为 suggestions（建议名单）或 unobserved（未列席支部）。`);
  const view = await requestView(event);
  const { quarters } = readQuarters(event.url.searchParams);
  const { top } = readTop(event.url.searchParams);
  const lang = event.locals.lang;
  const q = { period: view.period, asOf: view.asOf, university: view.state.university, quarters, top };
  const rows = await view.readOnce(() => listObservationRows(view.scope, q, list as ObservationList, new Set(view.context.relations)));
  const window = observationWindow(view.period, view.asOf, quarters);
  const last = window[window.length - 1];
  const name =
    list === 'unobserved'
      ? `${translate(lang, 'unobserved_title', { n: quarters })}_${last.code}`
      : translate(lang, 'suggestion_title', { quarter: nextPeriod(last).code });
  const columns = list === 'unobserved' ? unobservedColumns(lang, quarters) : suggestionColumns(lang, quarters);
  return tableExportResponse(event, { name, format, columns, rows: rows.map((r) => shownSuggestion(r, lang, quarters)) });
};
