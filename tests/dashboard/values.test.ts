/** The English view names the data's own values (dashboard/src/lib/i18n/values.ts) and table cells use them. */
import { expect, it } from 'vitest';
import { ruleLabel, valueLabel, yesNo } from '../../dashboard/src/lib/i18n/values.ts';
import { displayText } from '../../dashboard/src/lib/table/export.ts';
import type { Column } from '../../dashboard/src/lib/table/columns.ts';

it('gives the English name of a contract value, and leaves any other text and the Chinese view as they are', () => {
  expect(['出席', '整改中', '支部党员大会', '较好', '否'].map((v) => valueLabel(v, 'en'))).toEqual(['Attended', 'In progress', "Members' assembly", 'Fairly good', 'No']);
  expect(valueLabel('三月主题党日：理论学习', 'en')).toBe('三月主题党日：理论学习');
  expect(valueLabel('出席', 'zh')).toBe('出席');
  expect(ruleLabel('assembly_quarterly', '支部党员大会（每季度）', 'en')).toBe("Members' assembly (quarterly)");
  expect(ruleLabel('assembly_quarterly', '支部党员大会（每季度）', 'zh')).toBe('支部党员大会（每季度）');
  expect(ruleLabel('a_new_rule', '新规则', 'en')).toBe('新规则');
  expect([yesNo(true, 'en'), yesNo(false, 'zh')]).toEqual(['Yes', '否']);
});

it('shows table cells in the language of the view', () => {
  type R = { status: string; tags: string[]; cadre: boolean | null };
  const row: R = { status: '请假', tags: ['理论学习', '线上'], cadre: true };
  const col = (key: keyof R, kind: Column<R>['kind']): Column<R> => ({ key, label: key, kind });
  expect(displayText(row, col('status', 'text'), 'en')).toBe('On leave');
  expect(displayText(row, col('status', 'text'))).toBe('请假');
  expect(displayText(row, col('tags', 'text'), 'en')).toBe('Theory study, Online');
  expect(displayText(row, col('tags', 'text'), 'zh')).toBe('理论学习、线上');
  expect([displayText(row, col('cadre', 'bool'), 'en'), displayText({ ...row, cadre: null }, col('cadre', 'bool'), 'en')]).toEqual(['Yes', '—']);
});
