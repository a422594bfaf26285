/**
 * Every request: access control first (cross-site mutations refused, the session read into
 * `locals.user`, a sign-in required everywhere but /login, security headers — see
 * $lib/server/auth.ts), then the language (URL `lang` wins and is remembered in a cookie),
 * `<html lang>`, and unexpected errors logged with an id and shown to people generically.
 */
import { json, redirect, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { audit, isMutation, isSameOriginRequest, loadSession, loginUrl, NON_PAGE_CSP, PUBLIC_PATHS, SECURITY_HEADERS } from '$lib/server/auth.ts';
import { dev } from '$app/environment';
import { isLang, type Lang } from '$lib/i18n/dict.ts';
import { getWarehouse, hasWarehouse, provideWarehouse } from '$lib/server/warehouse.ts';
import { hasServices, provideServices } from '$lib/server/services.ts';
import { endRequest } from '$lib/server/request.ts';
import { dataGeneration } from '$lib/server/generation.ts';
import { keepPageData, keptPageData, KEPT_PAGES } from '$lib/server/cache/page-data.ts';

/** Under `vite dev` nobody hands the app a warehouse: open `$ZHIXIAO_DB` (or data/zhixiao.duckdb). */
export const init: ServerInit = async () => {
  if (dev && !hasWarehouse()) {
    const { openWarehouse } = await import('../../warehouse/database.ts');
    const { resolveDbPath } = await import('../../warehouse/paths.ts');
    provideWarehouse(openWarehouse(resolveDbPath()));
  }
  if (dev && !hasServices()) {
    const { createServerServices } = await import('../server/services.ts');
    const { resolveDbPath } = await import('../../warehouse/paths.ts');
    provideServices(getWarehouse().then((w) => createServerServices(w, resolveDbPath())));
  }
};

/** Headers every response carries; responses that are not pages also get a strict CSP. */
function secured(response: Response, signedIn: boolean): Response {
  // Some responses (a fetch passed through, Response.redirect) have immutable headers: copy.
  const out = new Response(response.body, response);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) out.headers.set(name, value);
  if (!out.headers.has('content-security-policy')) out.headers.set('content-security-policy', NON_PAGE_CSP);
  // Pages and data of a signed-in user are about named people: never kept in a shared cache.
  if (signedIn && !out.headers.has('cache-control')) out.headers.set('cache-control', 'private, no-store');
  return out;
}

/** The request's as_of build is let go once its response is made, however it ends. */
const requestEnd: Handle = async ({ event, resolve }) => {
  try {
    return await resolve(event);
  } finally {
    endRequest(event.locals);
  }
};

const accessControl: Handle = async ({ event, resolve }) => {
  if (isMutation(event.request.method) && !isSameOriginRequest(event.request, event.url)) {
    return secured(json({ message: '跨站请求已拒绝：请从本站页面提交。(Cross-site request refused.)' }, { status: 403 }), false);
  }
  const session = await loadSession(event);
  if (!event.locals.user && !PUBLIC_PATHS.has(event.url.pathname)) {
    // A person's browser (a page, its data, or a form sent after the session ended) goes to the
    // sign-in page and comes back; anything else is told 401.
    const wantsPage = event.isDataRequest || (event.request.headers.get('accept') ?? '').includes('text/html');
    if (wantsPage) redirect(303, loginUrl(event.url, session === 'expired'));
    return secured(json({ message: session === 'expired' ? '登录已过期，请重新登录。' : '请先登录。' }, { status: 401 }), false);
  }
  return secured(await resolve(event), event.locals.user !== undefined);
};

const language: Handle = async ({ event, resolve }) => {
  const fromUrl = event.url.searchParams.get('lang');
  const fromCookie = event.cookies.get('lang');
  let lang: Lang = 'zh';
  if (isLang(fromUrl)) {
    lang = fromUrl;
    if (fromCookie !== fromUrl) event.cookies.set('lang', fromUrl, { path: '/', httpOnly: false, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365, secure: event.url.protocol === 'https:' });
  } else if (isLang(fromCookie)) {
    lang = fromCookie;
  }
  event.locals.lang = lang;
  return resolve(event, {
    transformPageChunk: ({ html }) => html.replace('%lang%', lang === 'en' ? 'en' : 'zh-CN'),
  });
};

/**
 * Page data answered from kept bytes until the data changes ($lib/server/cache/page-data.ts),
 * the audit entries of a member-level view written again for every view. Runs after access
 * control: only a signed-in user's valid session reaches it, and the key holds that user.
 */
const pageData: Handle = async ({ event, resolve }) => {
  const user = event.locals.user;
  if (!event.isDataRequest || event.request.method !== 'GET' || !user || !KEPT_PAGES.has(event.route.id ?? '')) return resolve(event);
  // The raw URL: SvelteKit takes the invalidation flags (which nodes are sent) out of event.url.
  const key = { url: new URL(event.request.url), username: user.username, lang: event.locals.lang };
  const kept = keptPageData(key);
  if (kept) {
    for (const entry of kept.audits) await audit(event, entry.action, { target: entry.target, detail: entry.detail });
    return new Response(kept.body.slice(), { status: 200, headers: { 'content-type': kept.contentType } });
  }
  const generation = dataGeneration();
  const response = await resolve(event);
  const contentType = response.headers.get('content-type') ?? '';
  if (response.status !== 200 || !contentType.includes('json')) return response;
  const body = new Uint8Array(await response.arrayBuffer());
  keepPageData(key, generation, { body, contentType, audits: [...(event.locals.audited ?? [])] });
  return new Response(body.slice(), { status: response.status, headers: response.headers });
};

export const handle: Handle = sequence(requestEnd, accessControl, language, pageData);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
  if (status === 404) return { message };
  const errorId = crypto.randomUUID().slice(0, 8);
  console.error(`[dashboard] error ${errorId} on ${event.request.method} ${event.url.pathname}${event.url.search}:`, error);
  return { message: '服务暂时出错，已记录。', errorId };
};
