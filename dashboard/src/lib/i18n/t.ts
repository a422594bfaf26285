/**
 * `t(key)` for components: the language of the current page (from the root layout's data).
 * Reading `page.data` inside a template keeps it reactive.
 */
import { page } from '$app/state';
import { translate, type Lang, type MessageKey } from './dict.ts';

export function currentLang(): Lang {
  return (page.data.lang as Lang | undefined) ?? 'zh';
}

export function t(key: MessageKey, vars: Record<string, string | number> = {}): string {
  return translate(currentLang(), key, vars);
}
