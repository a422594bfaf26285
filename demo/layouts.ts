/**
 * Which file each table goes to and how it looks: name, format, encoding, title rows,
 * headers (canonical Chinese, aliases, English), column order, extra columns and the
 * spellings of its cells. The export quirks of data-contract.md are spread over the
 * files here, in one place; headers are always taken from the contract description
 * (ingest/contract/tables.ts), never retyped.
 */
import { tableSpec, type TableName } from '../ingest/contract/tables.ts';
import type { CellStyle } from './cells.ts';
import type { University } from './model.ts';
import type { DemoRecord } from './records.ts';
import type { Delimiter, TextEncoding } from './writers/delimited.ts';

export interface ColumnLayout {
  /** Contract column, or null for an extra column the contract does not know. */
  column: string | null;
  header: string;
  /** Value of an extra column, from the record and the row's 0-based index in the file. */
  extra?: (record: DemoRecord, index: number) => string;
}

export interface SheetLayout {
  table: TableName;
  columns: ColumnLayout[];
  style: CellStyle;
  /** Lines above the header ('' for a blank line). */
  titleRows: string[];
}

export interface DelimitedFileLayout extends SheetLayout {
  kind: 'delimited';
  /** Relative to the output folder, with `/`. */
  path: string;
  encoding: TextEncoding;
  delimiter: Delimiter;
  newline: '\r\n' | '\n';
  quirks: string[];
  /** Label of the file's random stream when its path embeds the export date (the path otherwise). */
  stream?: string;
}

export interface WorkbookLayout {
  kind: 'xlsx';
  path: string;
  /** Lines of a 说明 sheet that matches no table, or null for none. */
  notes: string[] | null;
  quirks: string[];
  /** Label of the file's random stream when its path embeds the export date (the path otherwise). */
  stream?: string;
}

/** A contract column under its Chinese header (`alias` 0) or one of its aliases. */
function zh(table: TableName, column: string, alias = 0): ColumnLayout {
  const spec = tableSpec(table).columns.find((c) => c.name === column);
  const header = spec?.headers[alias];
  if (!spec || !header) throw new Error(`no header ${alias} for ${table}.${column}`);
  return { column, header };
}

/** A contract column under its canonical English name. */
function en(table: TableName, column: string): ColumnLayout {
  if (!tableSpec(table).columns.some((c) => c.name === column)) throw new Error(`no column ${table}.${column}`);
  return { column, header: column };
}

function extra(header: string, value: (record: DemoRecord, index: number) => string): ColumnLayout {
  return { column: null, header, extra: value };
}

const serial = extra('序号', (_r, i) => String(i + 1));

const PLAIN: CellStyle = {
  date: 'iso',
  datetime: { date: 'iso', time: 'hm' },
  bool: ['是', '否'],
  separators: '；',
  synonymShare: 0,
  fullWidthShare: 0,
  padShare: 0,
  quarters: 'plain',
};

/** Folder of a university's own exports. */
export function universityFolder(u: University): string {
  return `${u.code}_${u.name}`;
}

/** yyyymmdd of the export day, as platforms put it in file names. */
export type ExportStamp = string;

// ---- universities, org units (one file each, for the whole province) ----

export function universitiesLayout(): DelimitedFileLayout {
  const t = 'universities';
  return {
    kind: 'delimited',
    path: '高校名单.csv',
    table: t,
    encoding: 'utf-8-bom',
    delimiter: ',',
    newline: '\r\n',
    titleRows: [],
    columns: [serial, zh(t, 'university_code', 1), zh(t, 'university_name', 1), zh(t, 'city'), zh(t, 'level'), extra('备注', () => '演示数据')],
    style: { ...PLAIN, synonymShare: 0.5 },
    quirks: ['utf-8 BOM', 'header aliases 学校代码/学校名称', 'extra columns 序号/备注', 'enum synonyms 合肥市/高职'],
  };
}

export function orgUnitsWorkbook(stamp: ExportStamp): WorkbookLayout {
  return {
    kind: 'xlsx',
    path: `党组织架构_${stamp}.xlsx`,
    stream: '党组织架构.xlsx',
    notes: ['说明', '本文件为“质效”演示数据，所有高校、组织与人员均为虚构。', '“党委及总支”“党支部”“党小组”三个工作表结构相同，可分别导入。'],
    quirks: ['xlsx', '说明 sheet matching no table', 'three matching sheets', 'real date cells', 'title row with merged cells', 'booleans √/×', 'header aliases', 'enum synonyms 二级党委/党总支部/教工'],
  };
}

export function orgUnitSheets(): { name: string; layout: SheetLayout }[] {
  const t = 'org_units';
  const style: CellStyle = { ...PLAIN, date: 'cell', bool: ['√', '×'], synonymShare: 0.4 };
  return [
    {
      name: '党委及总支',
      layout: {
        table: t,
        titleRows: [],
        style,
        columns: [zh(t, 'org_code'), zh(t, 'org_name'), zh(t, 'org_type'), zh(t, 'parent_code'), zh(t, 'university_code'), zh(t, 'established_on'), zh(t, 'dissolved_on')],
      },
    },
    {
      name: '党支部',
      layout: {
        table: t,
        titleRows: ['党支部基本信息表（演示数据）'],
        style: { ...style, synonymShare: 0.2 },
        columns: [
          zh(t, 'university_code'),
          zh(t, 'parent_code', 1),
          zh(t, 'org_code', 1),
          zh(t, 'org_name', 1),
          zh(t, 'org_type'),
          zh(t, 'branch_category'),
          zh(t, 'established_on'),
          zh(t, 'dissolved_on'),
          zh(t, 'is_contact_point'),
          zh(t, 'dual_leader_secretary'),
        ],
      },
    },
    {
      name: '党小组',
      layout: {
        table: t,
        titleRows: [],
        style,
        columns: [zh(t, 'org_code', 2), zh(t, 'org_name'), zh(t, 'org_type'), zh(t, 'parent_code'), zh(t, 'university_code'), zh(t, 'established_on'), zh(t, 'dissolved_on')],
      },
    },
  ];
}

// ---- members: one file per university, four platform styles ----

export function membersLayout(u: University, stamp: ExportStamp): DelimitedFileLayout {
  const t = 'members';
  const dir = universityFolder(u);
  switch (u.index % 4) {
    case 0:
      return {
        kind: 'delimited',
        path: `${dir}/党员花名册.tsv`,
        table: t,
        encoding: 'gb18030',
        delimiter: '\t',
        newline: '\r\n',
        titleRows: [`${u.name}党员花名册（演示数据，人员均为虚构）`, `导出日期：${stamp.slice(0, 4)}年${Number(stamp.slice(4, 6))}月${Number(stamp.slice(6))}日`, ''],
        columns: ['member_id', 'name', 'id_number', 'member_status', 'branch_code', 'group_code', 'person_category', 'is_leading_cadre', 'branch_role', 'joined_branch_on', 'left_branch_on'].map((c) => zh(t, c)),
        style: { ...PLAIN, date: 'chinese', synonymShare: 0.3, padShare: 0.02 },
        quirks: ['gb18030', 'tab-separated', 'title rows above the header', 'dates 2024年3月5日', 'booleans 是/否'],
      };
    case 1:
      return {
        kind: 'delimited',
        path: `${dir}/members_export.csv`,
        table: t,
        encoding: 'utf-8',
        delimiter: ',',
        newline: '\n',
        titleRows: [],
        columns: ['member_id', 'name', 'member_status', 'branch_code', 'group_code', 'person_category', 'is_leading_cadre', 'branch_role', 'joined_branch_on', 'left_branch_on'].map((c) => en(t, c)),
        style: { ...PLAIN, bool: ['Y', 'N'] },
        quirks: ['English canonical headers', 'booleans Y/N', 'no id_number column'],
      };
    case 2:
      return {
        kind: 'delimited',
        path: `${dir}/人员信息导出.txt`,
        table: t,
        encoding: 'utf-8',
        delimiter: ';',
        newline: '\r\n',
        titleRows: [],
        columns: [
          zh(t, 'member_id', 1),
          zh(t, 'name'),
          zh(t, 'id_number', 1),
          zh(t, 'member_status', 1),
          zh(t, 'branch_code', 1),
          zh(t, 'group_code'),
          zh(t, 'person_category'),
          zh(t, 'is_leading_cadre', 1),
          zh(t, 'branch_role'),
          zh(t, 'joined_branch_on', 1),
          zh(t, 'left_branch_on'),
        ],
        style: { ...PLAIN, date: 'compact', bool: ['1', '0'] },
        quirks: ['semicolon-separated .txt', 'header aliases 人员编号/党籍状态/领导干部/加入支部日期', 'dates 20240305', 'booleans 1/0'],
      };
    default:
      return {
        kind: 'delimited',
        path: `${dir}/党员名册（含转出）_${stamp}.csv`,
        stream: `${dir}/党员名册（含转出）.csv`,
        table: t,
        encoding: 'utf-8-bom',
        delimiter: ',',
        newline: '\r\n',
        titleRows: [],
        columns: [
          serial,
          { ...zh(t, 'name'), header: ' 姓名 ' },
          zh(t, 'member_id'),
          zh(t, 'branch_code'),
          zh(t, 'group_code'),
          zh(t, 'branch_role'),
          zh(t, 'member_status'),
          zh(t, 'person_category'),
          zh(t, 'is_leading_cadre'),
          zh(t, 'joined_branch_on'),
          zh(t, 'left_branch_on'),
          zh(t, 'id_number'),
          extra('备注', (r) => (r.left_branch_on !== null && r.left_branch_on !== undefined ? '已转出' : '')),
        ],
        style: { ...PLAIN, date: 'dot', bool: ['√', '×'], fullWidthShare: 0.08, padShare: 0.1 },
        quirks: ['utf-8 BOM', 'columns in another order', 'padded header', 'extra columns 序号/备注', 'dates 2024.3.5', 'booleans √/×', 'full-width codes', 'padded cells'],
      };
  }
}

// ---- activities: one file per university (an XLSX with a sheet per year for some) ----

export type ActivitiesLayout = { kind: 'xlsx'; workbook: WorkbookLayout; sheet: (year: number) => { name: string; layout: SheetLayout } } | DelimitedFileLayout;

export function activitiesLayout(u: University, stamp: ExportStamp): ActivitiesLayout {
  const t = 'activities';
  const dir = universityFolder(u);
  const standard = [
    'activity_id',
    'branch_code',
    'group_code',
    'activity_type',
    'title',
    'started_at',
    'ended_at',
    'mode',
    'expected_count',
    'attended_count',
    'leave_count',
    'absent_count',
    'content_tags',
    'has_minutes',
    'criticism_count',
    'redo_of',
  ];
  switch (u.index % 4) {
    case 0:
      return {
        kind: 'xlsx',
        workbook: {
          kind: 'xlsx',
          path: `${dir}/三会一课导出_${stamp}.xlsx`,
          stream: `${dir}/三会一课导出.xlsx`,
          notes: ['导出说明', '每个年度一个工作表；时间列为 Excel 日期单元格（北京时间）。', '本文件为演示数据。'],
          quirks: ['xlsx', 'one matching sheet per year', '说明 sheet matching no table', 'real datetime cells', 'title row with merged cells', 'header aliases 会议编号/会议类型', 'enum synonyms 党员大会/支委会', 'tags separated by 、', 'booleans √/×'],
        },
        sheet: (year) => ({
          name: `${year}年`,
          layout: {
            table: t,
            titleRows: [`${u.name}${year}年“三会一课”等组织生活记录`],
            style: { ...PLAIN, datetime: 'cell', bool: ['√', '×'], separators: '、', synonymShare: 0.5 },
            columns: standard.map((c) => zh(t, c, c === 'activity_id' || c === 'activity_type' ? 1 : 0)),
          },
        }),
      };
    case 1:
      return {
        kind: 'delimited',
        path: `${dir}/组织生活记录.csv`,
        table: t,
        encoding: 'utf-8-bom',
        delimiter: ',',
        newline: '\r\n',
        titleRows: [],
        columns: [...standard.map((c) => zh(t, c, c === 'branch_code' || c === 'started_at' ? 1 : 0)), extra('数据来源', () => '智慧党建平台')],
        style: { ...PLAIN, datetime: { date: 'chinese', time: 'chinese' }, separators: '；;', synonymShare: 0.15 },
        quirks: ['utf-8 BOM', 'datetimes 2024年3月5日 14时30分', 'tags separated by ；and ;', 'booleans 是/否', 'extra column 数据来源', 'header aliases 党支部代码/活动时间'],
      };
    case 2:
      return {
        kind: 'delimited',
        path: `${dir}/组织生活台账.tsv`,
        table: t,
        encoding: 'gb18030',
        delimiter: '\t',
        newline: '\r\n',
        titleRows: [`${u.name}党支部组织生活记录表`, ''],
        columns: standard.map((c) => zh(t, c, c === 'activity_id' ? 2 : c === 'title' ? 2 : c === 'started_at' ? 2 : c === 'mode' ? 1 : 0)),
        style: { ...PLAIN, datetime: { date: 'slash', time: 'hm' }, bool: ['Y', 'N'], separators: '，,', synonymShare: 0.3 },
        quirks: ['gb18030', 'tab-separated', 'title rows above the header', 'datetimes 2024/3/5 14:30', 'tags separated by ，and ,', 'booleans Y/N', 'header aliases 记录编号/议题/会议时间/开展形式'],
      };
    default: {
      const order = ['title', 'activity_type', 'started_at', 'ended_at', 'activity_id', 'branch_code', 'group_code', 'mode', 'content_tags', 'expected_count', 'attended_count', 'leave_count', 'absent_count', 'has_minutes', 'criticism_count', 'redo_of'];
      return {
        kind: 'delimited',
        path: `${dir}/activities_${stamp}.txt`,
        stream: `${dir}/activities.txt`,
        table: t,
        encoding: 'utf-8',
        delimiter: '\t',
        newline: '\n',
        titleRows: [],
        columns: [serial, ...order.map((c) => zh(t, c)), extra('备注', () => '')],
        style: { ...PLAIN, datetime: { date: 'iso', time: 'T' }, bool: ['1', '0'], separators: '/、', fullWidthShare: 0.05, padShare: 0.05 },
        quirks: ['tab-separated .txt', 'columns in another order', 'extra columns 序号/备注', 'datetimes 2024-03-05T14:30:00', 'tags separated by / and 、', 'booleans 1/0', 'full-width codes and digits', 'padded cells'],
      };
    }
  }
}

// ---- attendance: one file per university and year ----

export function attendanceLayout(u: University, year: number): DelimitedFileLayout {
  const t = 'attendance';
  const dir = universityFolder(u);
  const columns = ['activity_id', 'member_id', 'attendance_status', 'signed_in_at', 'leave_reason', 'as_ordinary_member'];
  switch (u.index % 4) {
    case 0:
      return {
        kind: 'delimited',
        path: `${dir}/参会记录_${year}.csv`,
        table: t,
        encoding: 'utf-8',
        delimiter: ',',
        newline: '\n',
        titleRows: [],
        columns: columns.map((c) => zh(t, c)),
        style: { ...PLAIN, datetime: { date: 'iso', time: 'hms' }, synonymShare: 0.25 },
        quirks: ['enum synonyms 参加/已签到/到会/未参加/未到', 'booleans 是/否', 'split by year'],
      };
    case 1:
      return {
        kind: 'delimited',
        path: `${dir}/签到明细_${year}年.csv`,
        table: t,
        encoding: 'utf-8-bom',
        delimiter: ',',
        newline: '\r\n',
        titleRows: [],
        columns: ['member_id', 'activity_id', 'attendance_status', 'signed_in_at', 'leave_reason', 'as_ordinary_member'].map((c) => zh(t, c, c === 'attendance_status' ? 1 : 0)),
        style: { ...PLAIN, datetime: { date: 'slash', time: 'hm' }, bool: ['Y', 'N'], synonymShare: 0.1 },
        quirks: ['utf-8 BOM', 'columns in another order', 'header alias 出勤情况', 'datetimes 2024/3/5 14:30', 'booleans Y/N', 'split by year'],
      };
    case 2:
      return {
        kind: 'delimited',
        path: `${dir}/参会情况_${year}.tsv`,
        table: t,
        encoding: 'gb18030',
        delimiter: '\t',
        newline: '\r\n',
        titleRows: [`${u.name}${year}年党员参加组织生活情况`],
        columns: [...columns.map((c) => zh(t, c)), extra('备注', () => '')],
        style: { ...PLAIN, datetime: { date: 'chinese', time: 'chinese' }, bool: ['√', '×'], synonymShare: 0.1 },
        quirks: ['gb18030', 'tab-separated', 'title row above the header', 'datetimes 2024年3月5日 14时30分', 'booleans √/×', 'extra column 备注', 'split by year'],
      };
    default:
      return {
        kind: 'delimited',
        path: `${dir}/attendance_${year}.txt`,
        table: t,
        encoding: 'utf-8',
        delimiter: ';',
        newline: '\r\n',
        titleRows: [],
        columns: columns.map((c) => (c === 'signed_in_at' ? { column: c, header: 'ｓｉｇｎｅｄ＿ｉｎ＿ａｔ' } : en(t, c))),
        style: { ...PLAIN, datetime: { date: 'iso', time: 'T' }, bool: ['1', '0'], fullWidthShare: 0.03, padShare: 0.03 },
        quirks: ['semicolon-separated .txt', 'English canonical headers', 'full-width header', 'datetimes with T', 'booleans 1/0', 'full-width codes', 'padded cells', 'split by year'],
      };
  }
}

// ---- supervision, cases, evaluations (one file each for the province) ----

export function observationsLayout(): DelimitedFileLayout {
  const t = 'observations';
  return {
    kind: 'delimited',
    path: '列席督导记录_observations.csv',
    table: t,
    encoding: 'utf-8',
    delimiter: ',',
    newline: '\n',
    titleRows: [],
    columns: tableSpec(t).columns.map((c) => en(t, c.name)),
    style: { ...PLAIN, bool: ['TRUE', 'FALSE'], separators: ';,' },
    quirks: ['English canonical headers', 'booleans TRUE/FALSE', 'problems separated by ; and ,', 'line breaks inside quoted comments'],
  };
}

export function rectificationsLayout(): DelimitedFileLayout {
  const t = 'rectifications';
  return {
    kind: 'delimited',
    path: '整改清单台账.csv',
    table: t,
    encoding: 'utf-8',
    delimiter: ',',
    newline: '\r\n',
    titleRows: ['整改清单（演示数据）', ''],
    columns: [
      zh(t, 'item_id'),
      zh(t, 'branch_code'),
      zh(t, 'source'),
      zh(t, 'observation_id'),
      zh(t, 'description'),
      zh(t, 'found_on'),
      zh(t, 'due_on'),
      zh(t, 'closed_on', 1),
      zh(t, 'status'),
      extra('备注', () => ''),
    ],
    style: { ...PLAIN, date: 'dot' },
    quirks: ['title rows above the header', 'dates 2024.3.5', 'header alias 销号日期', 'extra column 备注'],
  };
}

export function casesWorkbook(): WorkbookLayout {
  return {
    kind: 'xlsx',
    path: '典型案例报送汇总.xlsx',
    notes: ['填表说明：每季度每校报送 1 个典型案例；遴选结果由省委教育工委填写。', '演示数据，案例均为虚构。'],
    quirks: ['xlsx', 'one matching sheet per year', '说明 sheet matching no table', 'quarters 2022Q3/2022-Q3/2022年第三季度/2022年第3季度', 'real date cells', 'enum synonyms 推报省委组织部/省级优秀案例'],
  };
}

export function caseSheet(year: number): { name: string; layout: SheetLayout } {
  const t = 'cases';
  return {
    name: `${year}年`,
    layout: {
      table: t,
      titleRows: [],
      style: { ...PLAIN, date: 'cell', synonymShare: 0.5, quarters: 'mixed' },
      columns: ['case_id', 'university_code', 'branch_code', 'quarter', 'title', 'submitted_on', 'selection'].map((c) => zh(t, c)),
    },
  };
}

export function evaluationsLayout(year: number): DelimitedFileLayout {
  const t = 'evaluations';
  return {
    kind: 'delimited',
    path: `${year}年度党支部书记述职评议结果.txt`,
    table: t,
    encoding: 'utf-8',
    delimiter: ';',
    newline: '\r\n',
    titleRows: [],
    columns: [serial, zh(t, 'year'), zh(t, 'branch_code'), extra('支部名称', (r) => String(r._branch_name ?? '')), zh(t, 'rating', 1)],
    style: { ...PLAIN, fullWidthShare: 0.1, padShare: 0.05 },
    quirks: ['semicolon-separated .txt', 'full-width years and codes (２０２４, ＡＨ００１…)', 'padded cells', 'header alias 评议等次', 'extra columns 序号/支部名称'],
  };
}
