// Every page: the language, the view state from the URL, the as_of date (and the dates it may be
// chosen from), the period choices, and the signed-in user for the menu (null on /login: the
// layout then shows no navigation).
import type { LayoutServerLoad } from './$types';
import { userSummary } from '$lib/server/auth.ts';
import { publicView } from '$lib/server/request.ts';
import { periodChoices } from '$lib/state/periods.ts';

export const load: LayoutServerLoad = async (event) => {
  const view = await publicView(event);
  const { context } = view;
  return {
    lang: event.locals.lang,
    state: view.state,
    defaults: view.defaults,
    problems: view.problems,
    asOf: view.asOf,
    /** The as_of picker's default and the dates it offers. */
    builtAsOf: view.builtAsOf,
    asOfSpan: view.asOfSpan,
    hasData: context.firstDay !== null,
    periodChoices: periodChoices(context.firstDay ?? view.asOf, view.asOf),
    user: await userSummary(event.locals.user),
  };
};
