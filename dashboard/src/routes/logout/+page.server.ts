// 退出: POST ends the session (the user menu's button); GET shows a confirmation with the same button.
import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { audit, endRequestSession, requireUser } from '$lib/server/auth.ts';

export const load: PageServerLoad = async (event) => {
  requireUser(event);
  return { title: event.locals.lang === 'en' ? 'Sign out' : '退出登录', crumbs: [] };
};

export const actions: Actions = {
  default: async (event) => {
    if (event.locals.user) {
      await audit(event, 'logout', { target: null });
      await endRequestSession(event);
    }
    redirect(303, '/login?bye=1');
  },
};
