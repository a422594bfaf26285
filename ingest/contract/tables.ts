/**
 * The data contract (shared/spec/data-contract.md) as data: every table the ingest
 * accepts, its columns with header aliases, types and rules, its key and its
 * references. The ingest, the header matcher and the validation SQL are all driven
 * from this one description, so a rule is written once.
 */

/** How a cell's text is parsed and checked. */
export type ColumnKind =
  | 'text' // trimmed text
  | 'code' // an identifier: NFKC-folded and trimmed
  | 'person_name' // a person's name: stored masked only (张*华)
  | 'id_number' // an ID number: never stored, a keyed hash only
  | 'enum'
  | 'multi_enum'
  | 'date'
  | 'datetime'
  | 'bool'
  | 'int'
  | 'year' // an int that exports also write 2024年 or 2024年度 (评议年度)
  | 'number'
  | 'quarter';

export interface ColumnSpec {
  /** Canonical (English) column name; also the warehouse column name. */
  name: string;
  /** Chinese header first (what exports use most), then the aliases. */
  headers: string[];
  kind: ColumnKind;
  required?: boolean;
  /** For enum and multi_enum: the domain in enums.ts. */
  domain?: string;
  /** Canonical value used when the cell is empty. */
  defaultValue?: string | boolean;
  /** Inclusive range for numbers. */
  min?: number;
  max?: number;
  /** Name of the stored column when it differs from `name` (id_number → id_hash). */
  storedAs?: string;
  /** Required only when another column of the row has (or, with `unless`, has not) one of these values. */
  requiredWhen?: { column: string; values: string[]; unless?: boolean };
}

/** A column that must name an existing row of another (or the same) table. */
export interface ReferenceSpec {
  column: string;
  table: TableName;
  targetColumn: string;
  /** Extra requirement on the parent, checked by a SQL condition on the parent row `p`. */
  parentCheck?: 'is_branch' | 'is_group_of_branch' | 'is_observer_org';
}

/** A comparison between two columns of one row (later ≥ earlier). */
export interface OrderCheck {
  later: string;
  earlier: string;
}

export type TableName =
  | 'universities'
  | 'org_units'
  | 'members'
  | 'activities'
  | 'attendance'
  | 'observations'
  | 'rectifications'
  | 'cases'
  | 'evaluations';

export interface TableSpec {
  name: TableName;
  /** Chinese name used in messages. */
  label: string;
  key: string[];
  columns: ColumnSpec[];
  references: ReferenceSpec[];
  orderChecks: OrderCheck[];
}

export const TABLES: TableSpec[] = [
  {
    name: 'universities',
    label: '高校',
    key: ['university_code'],
    columns: [
      { name: 'university_code', headers: ['高校代码', '学校代码', '院校代码'], kind: 'code', required: true },
      { name: 'university_name', headers: ['高校名称', '学校名称', '院校名称'], kind: 'text', required: true },
      { name: 'city', headers: ['所在地市', '地市', '所在城市'], kind: 'enum', domain: 'city' },
      { name: 'level', headers: ['办学层次'], kind: 'enum', domain: 'level' },
    ],
    references: [],
    orderChecks: [],
  },
  {
    name: 'org_units',
    label: '党组织',
    key: ['org_code'],
    columns: [
      { name: 'org_code', headers: ['组织代码', '党组织代码', '组织编码'], kind: 'code', required: true },
      { name: 'org_name', headers: ['组织名称', '党组织名称'], kind: 'text', required: true },
      { name: 'org_type', headers: ['组织类型'], kind: 'enum', domain: 'org_type', required: true },
      {
        name: 'parent_code',
        headers: ['上级组织代码', '上级党组织代码'],
        kind: 'code',
        requiredWhen: { column: 'org_type', values: ['高校党委'], unless: true },
      },
      { name: 'university_code', headers: ['高校代码'], kind: 'code', required: true },
      {
        name: 'branch_category',
        headers: ['支部类别'],
        kind: 'enum',
        domain: 'branch_category',
        requiredWhen: { column: 'org_type', values: ['党支部'] },
      },
      { name: 'established_on', headers: ['成立日期'], kind: 'date' },
      { name: 'dissolved_on', headers: ['撤销日期'], kind: 'date' },
      { name: 'is_contact_point', headers: ['是否联系点'], kind: 'bool' },
      { name: 'dual_leader_secretary', headers: ['书记是否双带头人'], kind: 'bool' },
    ],
    references: [
      { column: 'university_code', table: 'universities', targetColumn: 'university_code' },
      { column: 'parent_code', table: 'org_units', targetColumn: 'org_code' },
    ],
    orderChecks: [{ later: 'dissolved_on', earlier: 'established_on' }],
  },
  {
    name: 'members',
    label: '党员',
    key: ['member_id'],
    columns: [
      { name: 'member_id', headers: ['党员编号', '人员编号'], kind: 'code', required: true },
      { name: 'name', headers: ['姓名'], kind: 'person_name', required: true },
      { name: 'id_number', headers: ['身份证号', '公民身份号码'], kind: 'id_number', storedAs: 'id_hash' },
      { name: 'member_status', headers: ['党员类别', '党籍状态'], kind: 'enum', domain: 'member_status' },
      { name: 'branch_code', headers: ['所在支部代码', '支部代码'], kind: 'code', required: true },
      { name: 'group_code', headers: ['党小组代码'], kind: 'code' },
      { name: 'person_category', headers: ['人员类别'], kind: 'enum', domain: 'person_category' },
      { name: 'is_leading_cadre', headers: ['是否党员领导干部', '领导干部'], kind: 'bool', defaultValue: false },
      { name: 'branch_role', headers: ['支部职务'], kind: 'enum', domain: 'branch_role', defaultValue: '无' },
      { name: 'joined_branch_on', headers: ['转入日期', '加入支部日期'], kind: 'date' },
      { name: 'left_branch_on', headers: ['转出日期'], kind: 'date' },
    ],
    references: [
      { column: 'branch_code', table: 'org_units', targetColumn: 'org_code', parentCheck: 'is_branch' },
      { column: 'group_code', table: 'org_units', targetColumn: 'org_code', parentCheck: 'is_group_of_branch' },
    ],
    // No order between 转入日期 and 转出日期: the contract orders only the three pairs it names
    // (a member who moved out and back in may carry an earlier 转出日期).
    orderChecks: [],
  },
  {
    name: 'activities',
    label: '组织生活记录',
    key: ['activity_id'],
    columns: [
      { name: 'activity_id', headers: ['活动编号', '会议编号', '记录编号'], kind: 'code', required: true },
      { name: 'branch_code', headers: ['支部代码', '党支部代码'], kind: 'code', required: true },
      { name: 'group_code', headers: ['党小组代码'], kind: 'code' },
      { name: 'activity_type', headers: ['活动类型', '会议类型'], kind: 'enum', domain: 'activity_type', required: true },
      { name: 'title', headers: ['活动主题', '会议主题', '议题'], kind: 'text', required: true },
      { name: 'started_at', headers: ['开始时间', '活动时间', '会议时间'], kind: 'datetime', required: true },
      { name: 'ended_at', headers: ['结束时间'], kind: 'datetime' },
      { name: 'mode', headers: ['形式', '开展形式'], kind: 'enum', domain: 'mode', defaultValue: '线下' },
      { name: 'expected_count', headers: ['应到人数'], kind: 'int', min: 0 },
      { name: 'attended_count', headers: ['实到人数'], kind: 'int', min: 0 },
      { name: 'leave_count', headers: ['请假人数'], kind: 'int', min: 0 },
      { name: 'absent_count', headers: ['缺席人数'], kind: 'int', min: 0 },
      { name: 'content_tags', headers: ['内容类别'], kind: 'multi_enum', domain: 'content_tag' },
      { name: 'has_minutes', headers: ['是否有会议记录'], kind: 'bool' },
      { name: 'criticism_count', headers: ['相互批评意见条数', '批评意见数'], kind: 'int', min: 0 },
      { name: 'redo_of', headers: ['补开原活动编号'], kind: 'code' },
    ],
    references: [
      { column: 'branch_code', table: 'org_units', targetColumn: 'org_code', parentCheck: 'is_branch' },
      { column: 'group_code', table: 'org_units', targetColumn: 'org_code', parentCheck: 'is_group_of_branch' },
    ],
    orderChecks: [{ later: 'ended_at', earlier: 'started_at' }],
  },
  {
    name: 'attendance',
    label: '参会记录',
    key: ['activity_id', 'member_id'],
    columns: [
      { name: 'activity_id', headers: ['活动编号'], kind: 'code', required: true },
      { name: 'member_id', headers: ['党员编号'], kind: 'code', required: true },
      { name: 'attendance_status', headers: ['参会状态', '出勤情况'], kind: 'enum', domain: 'attendance_status', required: true },
      { name: 'signed_in_at', headers: ['签到时间'], kind: 'datetime' },
      { name: 'leave_reason', headers: ['请假事由'], kind: 'text' },
      { name: 'as_ordinary_member', headers: ['以普通党员身份参加'], kind: 'bool' },
    ],
    references: [
      { column: 'activity_id', table: 'activities', targetColumn: 'activity_id' },
      { column: 'member_id', table: 'members', targetColumn: 'member_id' },
    ],
    orderChecks: [],
  },
  {
    name: 'observations',
    label: '列席督导记录',
    key: ['observation_id'],
    columns: [
      { name: 'observation_id', headers: ['督导编号', '列席编号'], kind: 'code', required: true },
      { name: 'activity_id', headers: ['活动编号'], kind: 'code', required: true },
      { name: 'observer_name', headers: ['列席人', '列席人员'], kind: 'person_name', required: true },
      { name: 'observer_org_code', headers: ['派出组织代码', '列席人所在组织代码'], kind: 'code', required: true },
      { name: 'score_political', headers: ['政治性评分'], kind: 'number', min: 0, max: 100 },
      { name: 'score_contemporary', headers: ['时代性评分'], kind: 'number', min: 0, max: 100 },
      { name: 'score_principled', headers: ['原则性评分'], kind: 'number', min: 0, max: 100 },
      { name: 'score_combative', headers: ['战斗性评分'], kind: 'number', min: 0, max: 100 },
      { name: 'problems', headers: ['发现问题'], kind: 'multi_enum', domain: 'problem' },
      { name: 'halted', headers: ['是否叫停'], kind: 'bool', required: true },
      { name: 'comments', headers: ['督导意见'], kind: 'text' },
    ],
    references: [
      { column: 'activity_id', table: 'activities', targetColumn: 'activity_id' },
      { column: 'observer_org_code', table: 'org_units', targetColumn: 'org_code', parentCheck: 'is_observer_org' },
    ],
    orderChecks: [],
  },
  {
    name: 'rectifications',
    label: '整改清单',
    key: ['item_id'],
    columns: [
      { name: 'item_id', headers: ['问题编号'], kind: 'code', required: true },
      { name: 'branch_code', headers: ['支部代码'], kind: 'code', required: true },
      { name: 'source', headers: ['问题来源'], kind: 'enum', domain: 'rectification_source' },
      { name: 'observation_id', headers: ['关联督导编号'], kind: 'code' },
      { name: 'description', headers: ['问题描述'], kind: 'text', required: true },
      { name: 'found_on', headers: ['发现日期'], kind: 'date', required: true },
      { name: 'due_on', headers: ['整改时限'], kind: 'date', required: true },
      { name: 'closed_on', headers: ['完成日期', '销号日期'], kind: 'date' },
      { name: 'status', headers: ['整改状态'], kind: 'enum', domain: 'rectification_status' },
    ],
    references: [
      { column: 'branch_code', table: 'org_units', targetColumn: 'org_code', parentCheck: 'is_branch' },
      { column: 'observation_id', table: 'observations', targetColumn: 'observation_id' },
    ],
    orderChecks: [{ later: 'due_on', earlier: 'found_on' }],
  },
  {
    name: 'cases',
    label: '典型案例',
    key: ['case_id'],
    columns: [
      { name: 'case_id', headers: ['案例编号'], kind: 'code', required: true },
      { name: 'university_code', headers: ['高校代码'], kind: 'code', required: true },
      { name: 'branch_code', headers: ['支部代码'], kind: 'code' },
      { name: 'quarter', headers: ['报送季度'], kind: 'quarter' },
      { name: 'title', headers: ['案例标题'], kind: 'text', required: true },
      { name: 'submitted_on', headers: ['报送日期'], kind: 'date' },
      { name: 'selection', headers: ['遴选结果'], kind: 'enum', domain: 'selection' },
    ],
    references: [
      { column: 'university_code', table: 'universities', targetColumn: 'university_code' },
      { column: 'branch_code', table: 'org_units', targetColumn: 'org_code', parentCheck: 'is_branch' },
    ],
    orderChecks: [],
  },
  {
    name: 'evaluations',
    label: '党支部书记述职评议',
    key: ['year', 'branch_code'],
    columns: [
      { name: 'year', headers: ['年度'], kind: 'year', required: true, min: 1921, max: 2100 },
      { name: 'branch_code', headers: ['支部代码'], kind: 'code', required: true },
      { name: 'rating', headers: ['评定等次', '评议等次'], kind: 'enum', domain: 'rating', required: true },
    ],
    references: [{ column: 'branch_code', table: 'org_units', targetColumn: 'org_code', parentCheck: 'is_branch' }],
    orderChecks: [],
  },
];

export const TABLE_NAMES: TableName[] = TABLES.map((t) => t.name);

export function tableSpec(name: TableName): TableSpec {
  const spec = TABLES.find((t) => t.name === name);
  if (!spec) throw new Error(`unknown table ${name}`);
  return spec;
}

/** The province itself, a valid observer organisation that is not an org unit. */
export const PROVINCE_OBSERVER_ORG = '省委教育工委';
