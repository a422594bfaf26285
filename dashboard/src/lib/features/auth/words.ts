/**
 * The words of sign-in, the user menu and the audit page, Chinese first (kept beside the
 * feature rather than in $lib/i18n/dict.ts; `en` must have every key of `zh`).
 */
import { page } from '$app/state';
import type { Lang } from '$lib/i18n/dict.ts';

const zh = {
  login_title: '登录',
  login_intro: '质效看板含党员个人信息（不予公开），请用分配给您的账号登录。',
  username: '用户名',
  password: '密码',
  sign_in: '登录',
  signing_in: '正在登录…',
  expired: '登录已过期（长时间未操作或超过最长登录时间），请重新登录。',
  logged_out: '您已安全退出。',
  logout: '退出',
  logout_title: '退出登录',
  logout_confirm: '确定退出当前账号吗？',
  signed_in_as: '当前用户',
  role_province: '省级',
  role_university: '高校',
  role_college: '院系',
  scope: '可查看范围',
  whole_province: '全省',
  audit_title: '审计日志',
  audit_intro: '谁在何时登录、查看党员层级信息（出勤矩阵、长期缺席、干部双重组织生活）、导出或上传了什么。仅省级用户可见。',
  audit_at: '时间',
  audit_user: '用户',
  audit_role: '角色',
  audit_action: '操作',
  audit_target: '对象',
  audit_detail: '说明',
  audit_address: '地址',
  audit_filter_action: '操作类型',
  audit_filter_user: '用户名',
  audit_apply: '筛选',
  audit_total: '共 {n} 条',
  audit_prev: '上一页',
  audit_next: '下一页',
  audit_empty: '没有符合条件的记录。',
  all: '全部',
} as const;

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  login_title: 'Sign in',
  login_intro: 'This dashboard holds personal data of Party members (not public). Sign in with the account you were given.',
  username: 'User name',
  password: 'Password',
  sign_in: 'Sign in',
  signing_in: 'Signing in…',
  expired: 'Your session has expired (idle too long, or signed in too long ago). Please sign in again.',
  logged_out: 'You have signed out.',
  logout: 'Sign out',
  logout_title: 'Sign out',
  logout_confirm: 'Sign out of this account?',
  signed_in_as: 'Signed in as',
  role_province: 'Province',
  role_university: 'University',
  role_college: 'College',
  scope: 'Can see',
  whole_province: 'the whole province',
  audit_title: 'Audit log',
  audit_intro: 'Who signed in, viewed member-level data (attendance matrix, chronic absentees, cadres), exported or uploaded what, and when. Province users only.',
  audit_at: 'Time',
  audit_user: 'User',
  audit_role: 'Role',
  audit_action: 'Action',
  audit_target: 'What',
  audit_detail: 'Detail',
  audit_address: 'Address',
  audit_filter_action: 'Action',
  audit_filter_user: 'User name',
  audit_apply: 'Filter',
  audit_total: '{n} entries',
  audit_prev: 'Previous',
  audit_next: 'Next',
  audit_empty: 'No entries match.',
  all: 'All',
};

export function authText(key: Key, vars: Record<string, string | number> = {}): string {
  const lang = (page.data.lang as Lang | undefined) ?? 'zh';
  const text = (lang === 'en' ? en : zh)[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}
