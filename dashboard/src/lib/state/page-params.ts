/**
 * Page-specific view state (the 异常 page's `code` and `severity`, the 列席 page's `quarters`…)
 * travels in the URL beside the shared state of dashboard.ts. Each page types its own fields
 * (see $lib/features/<feature>/…); this joins them to a link built by `hrefWith` / `linkTo`.
 */

export type PageParams = Record<string, string | number | null | undefined>;

/** `href` with `params` set; null, undefined and '' remove a parameter. Order: as given. */
export function withPageParams(href: string, params: PageParams): string {
  const q = href.indexOf('?');
  const path = q < 0 ? href : href.slice(0, q);
  const search = new URLSearchParams(q < 0 ? '' : href.slice(q + 1));
  for (const [name, value] of Object.entries(params)) {
    if (value === null || value === undefined || value === '') search.delete(name);
    else search.set(name, String(value));
  }
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The page parameters of `names` present in `url` (to keep them across a shared-state link). */
export function pickPageParams(params: URLSearchParams, names: readonly string[]): PageParams {
  const out: PageParams = {};
  for (const n of names) out[n] = params.get(n);
  return out;
}
