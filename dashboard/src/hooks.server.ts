/**
 * Every request: the language (URL `lang` wins and is remembered in a cookie), `<html lang>`,
 * and unexpected errors logged with an id and shown to people generically.
 */
import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { dev } from '$app/environment';
import { isLang, type Lang } from '$lib/i18n/dict.ts';
import { hasWarehouse, provideWarehouse } from '$lib/server/warehouse.ts';

/** Under `vite dev` nobody hands the app a warehouse: open `$ZHIXIAO_DB` (or data/zhixiao.duckdb). */
export const init: ServerInit = async () => {
  if (dev && !hasWarehouse()) {
    const { openWarehouse } = await import('../../warehouse/database.ts');
    const { resolveDbPath } = await import('../../warehouse/paths.ts');
    provideWarehouse(openWarehouse(resolveDbPath()));
  }
};

export const handle: Handle = async ({ event, resolve }) => {
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

export const handleError: HandleServerError = ({ error, event, status, message }) => {
  if (status === 404) return { message };
  const errorId = crypto.randomUUID().slice(0, 8);
  console.error(`[dashboard] error ${errorId} on ${event.request.method} ${event.url.pathname}${event.url.search}:`, error);
  return { message: '服务暂时出错，已记录。', errorId };
};
