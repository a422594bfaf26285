// GET /rectification/export?format=csv|xlsx&… — the page's item list in full (the page carries
// its first ITEM_LIMIT rows), same URL state (period, as_of, university, view, status), same scope.
import type { RequestHandler } from './$types';
import { translate } from '$lib/i18n/dict.ts';
import { itemColumns, shownItem } from '$lib/features/rectification/columns.ts';
import { readRectificationFilters } from '$lib/features/rectification/filters.ts';
import { requestView } from '$lib/server/request.ts';
import { readExportFormat, tableExportResponse } from '$lib/server/table-export.ts';
import { listRectificationItems } from '$lib/server/queries/rectification.ts';

const VIEW_KEY = { all: 'rect_view_all', due: 'rect_view_due', overdue: 'rect_view_overdue', open: 'rect_view_open' } as const;

export const GET: RequestHandler = async (event) => {
  const format = readExportFormat(event.url.searchParams);
  const view = await requestView(event);
  const { filters } = readRectificationFilters(event.url.searchParams);
  const lang = event.locals.lang;
  const items = await view.readOnce(() =>
    listRectificationItems(view.scope, { period: view.period, asOf: view.asOf, university: view.state.university, filters }, new Set(view.context.relations)),
  );
  const name = `${translate(lang, 'page_rectification')}_${translate(lang, VIEW_KEY[filters.view], { period: view.state.period })}${filters.status ? `_${filters.status}` : ''}`;
  return tableExportResponse(event, { name, format, columns: itemColumns(lang), rows: items.map((i) => shownItem(i, lang)) });
};
