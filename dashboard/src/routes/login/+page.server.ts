// 登录: the sign-in form (fields `username`, `password`); after it, back to `next` (same-origin paths only).
import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { authSettings, clientAddress, endRequestSession, safeNext, setSessionCookie } from '$lib/server/auth.ts';
import { getWarehouse } from '$lib/server/warehouse.ts';
import { signIn } from '../../../../auth/sign-in.ts';

export const load: PageServerLoad = async (event) => {
  const next = safeNext(event.url.searchParams.get('next'));
  if (event.locals.user) redirect(303, next);
  return {
    next,
    expired: event.url.searchParams.get('expired') === '1',
    loggedOut: event.url.searchParams.get('bye') === '1',
    title: event.locals.lang === 'en' ? 'Sign in' : '登录',
    crumbs: [],
  };
};

export const actions: Actions = {
  default: async (event) => {
    const form = await event.request.formData();
    const username = String(form.get('username') ?? '');
    const password = String(form.get('password') ?? '');
    const next = safeNext(String(form.get('next') ?? '/'));
    if (!username.trim() || !password) return fail(400, { username, message: '请输入用户名和密码。' });
    const settings = authSettings();
    const result = await signIn(await getWarehouse(), settings.limiter, { username, password, address: clientAddress(event) }, settings.now(), settings.policy);
    if (!result.ok) return fail(result.reason === 'throttled' ? 429 : 400, { username, message: result.message });
    // A new session every sign-in (no fixation): end whatever session this browser had.
    await endRequestSession(event);
    setSessionCookie(event.cookies, event.url, result.token);
    redirect(303, next);
  },
};
