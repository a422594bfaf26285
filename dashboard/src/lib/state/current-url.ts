/**
 * The URL the browser shows now. A table's sort is written with `replaceState` (no navigation),
 * which SvelteKit's `page.url` does not follow: whoever builds the next URL from the current one
 * (a picker, the language link, another table) reads the address bar, or it would drop that sort.
 * On the server (no address bar) it is the request's URL.
 */
import { page } from '$app/state';

export function currentUrl(): URL {
  return typeof location === 'undefined' ? new URL(page.url) : new URL(location.href);
}
