/**
 * The data's own words in English: the canonical values of the contract's enums (data-contract.md)
 * and the cadence rules (indicators.md), for the English view. The data keeps its Chinese; a
 * text that is not one of these values is shown as it is.
 */
import type { Lang } from './dict.ts';

const ENUM_VALUES_EN: Record<string, string> = {
  // activity_type
  支部党员大会: "Members' assembly",
  支部委员会会议: 'Committee meeting',
  党小组会: 'Group meeting',
  党课: 'Party lecture',
  主题党日: 'Theme day',
  组织生活会: 'Organisational life meeting',
  民主评议党员: 'Democratic appraisal',
  // attendance_status
  出席: 'Attended',
  请假: 'On leave',
  缺席: 'Absent',
  列席: 'Sitting in',
  // branch_role
  书记: 'Secretary',
  副书记: 'Deputy secretary',
  委员: 'Committee member',
  无: 'None',
  // member_status, person_category, branch_category
  正式党员: 'Full member',
  预备党员: 'Probationary member',
  教职工: 'Staff',
  学生: 'Students',
  离退休: 'Retired',
  混合: 'Mixed',
  其他: 'Other',
  // org_type
  高校党委: 'University committee',
  院系党委: 'College committee',
  党总支: 'General branch',
  党支部: 'Branch',
  党小组: 'Party group',
  // mode
  线下: 'Offline',
  线上: 'Online',
  线上线下结合: 'Online and offline',
  // rectifications.status
  未整改: 'Not started',
  整改中: 'In progress',
  已整改: 'Rectified',
  已销号: 'Closed',
  // evaluations.rating
  好: 'Good',
  较好: 'Fairly good',
  一般: 'Average',
  差: 'Poor',
  // cases.selection
  未推报: 'Not put forward',
  已推报: 'Put forward',
  省级优秀: 'Provincial excellent',
  // anomaly follow-up
  待核实: 'To check',
  已核实: 'Confirmed',
  误报: 'False alarm',
  已转整改: 'Sent for rectification',
  // content_tags
  理论学习: 'Theory study',
  政治教育: 'Political education',
  政治训练: 'Political training',
  党性锤炼: 'Party spirit',
  批评与自我批评: 'Criticism and self-criticism',
  政治体检: 'Political check-up',
  业务工作: 'Professional work',
  志愿服务: 'Volunteer service',
  年度组织生活通报: 'Year-end report',
  // observations.problems
  表面化: 'Superficial',
  形式化: 'Formalistic',
  娱乐化: 'Entertainment-like',
  庸俗化: 'Vulgarised',
  // rectifications.source
  列席督导: 'Observation',
  民主评议: 'Democratic appraisal',
  专项督查: 'Special inspection',
  巡视巡察: 'Inspection tour',
  // booleans as the data writes them
  是: 'Yes',
  否: 'No',
};

const RULE_NAMES_EN: Record<string, string> = {
  assembly_quarterly: "Members' assembly (quarterly)",
  committee_monthly: 'Committee meeting (monthly)',
  group_monthly: 'Group meeting (monthly)',
  lecture_quarterly: 'Party lecture (quarterly)',
  theme_day_monthly: 'Theme day (monthly)',
  life_meeting_yearly: 'Organisational life meeting (yearly)',
  review_yearly: 'Democratic appraisal (yearly)',
  year_end_report: 'Year-end assembly report (yearly)',
};

/** A value of the data as `lang` shows it: its English name when it is one of the contract's values. */
export function valueLabel(value: string, lang: Lang): string {
  return lang === 'en' ? (ENUM_VALUES_EN[value] ?? value) : value;
}

/** A cadence rule's name: the configuration's (Chinese) name, or its English one. */
export function ruleLabel(ruleCode: string, ruleName: string, lang: Lang): string {
  return lang === 'en' ? (RULE_NAMES_EN[ruleCode] ?? ruleName) : ruleName;
}

/** A yes/no cell. */
export function yesNo(value: boolean, lang: Lang): string {
  return lang === 'en' ? (value ? 'Yes' : 'No') : value ? '是' : '否';
}
