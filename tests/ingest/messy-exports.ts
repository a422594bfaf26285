/**
 * A folder of messy exports, hand-built so that every figure an ingest of it produces
 * is known: every quirk of the data contract, a duplicate file, an unrelated file, a
 * file missing a required column, and bad rows of every kind. File names are chosen
 * so that path order is not dependency order.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

/** Excel date cells carry wall-clock time at UTC; this is what Excel would hand over. */
const excelDate = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));

export async function writeMessyExports(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const file = (name: string, data: string | Buffer) => fs.writeFileSync(path.join(dir, name), data);

  // universities: UTF-8 with BOM, 地市 with 市, 高职 synonym, padded cells. 2 rows.
  file('z_高校名单.csv', '\uFEFF学校代码,学校名称,所在地市,办学层次\r\n U01 ,示例·合肥理工学院,合肥市,本科\r\nU02,示例·芜湖职业学院,芜湖,高职\r\n');

  // org_units: XLSX with a title row, two matching sheets and a 说明 sheet; date cells. 9 rows, 1 bad.
  const wb = new ExcelJS.Workbook();
  const top = wb.addWorksheet('高校与院系');
  top.addRow(['示例党组织信息表']);
  top.addRow([]);
  top.addRow(['组织代码', '组织名称', '组织类型', '上级组织代码', '高校代码', '支部类别', '成立日期', '撤销日期', '是否联系点']);
  top.addRow(['U01P', '示例·合肥理工学院党委', '高校党委', null, 'U01']);
  top.addRow(['C01', '计算机学院党委', '二级党委', 'U01P', 'U01']);
  top.addRow(['U02P', '示例·芜湖职业学院党委', '高校党委', null, 'U02']);
  top.addRow(['C02', '机电学院党总支', '党总支部', 'U02P', 'U02']);
  const branches = wb.addWorksheet('党支部');
  branches.addRow(['组织代码', '组织名称', '组织类型', '上级组织代码', '高校代码', '支部类别', '成立日期', '撤销日期', '是否联系点', '书记是否双带头人']);
  branches.addRow(['ＢＲ０１', '计算机学生第一支部', '党支部', 'C01', 'U01', '学生', excelDate(2024, 4, 15), null, '√', '×']);
  branches.addRow(['BR02', '计算机教工支部', '党支部', 'C01', 'U01', '教工', null, excelDate(2024, 6, 30), '×', '√']);
  branches.addRow(['BR03', '机电学生支部', '党支部', 'C02', 'U02', '学生', '2023年9月1日', null, null, null]);
  branches.addRow(['G01', '第一党小组', '党小组', 'BR01', 'U01']);
  branches.addRow(['BR04', '没有类别的支部', '党支部', 'C02', 'U02', null]); // bad: category required for 党支部
  const notes = wb.addWorksheet('说明');
  notes.addRow(['本表由示例平台导出']);
  await wb.xlsx.writeFile(path.join(dir, '党组织导出_20240105.xlsx'));

  // members: GB18030 TSV with a title row, CRLF, a 4-byte character in a name, ID numbers. 7 rows, 3 bad.
  const members = [
    '示例·合肥理工学院党员名册',
    ['党员编号', '姓名', '身份证号', '党员类别', '所在支部代码', '党小组代码', '人员类别', '是否党员领导干部', '支部职务', '转入日期', '转出日期'].join('\t'),
    ['M01', '张三华', '340102199001011234', '正式党员', 'BR01', 'G01', '学生', '否', '书记', '2024-04-15', ''].join('\t'),
    ['M02', '𠮷明华', '34010219900202123X', '正式党员', 'BR01', '', '学生', 'N', '', '', ''].join('\t'),
    ['M03', '欧阳娜娜', '', '预备党员', 'BR01', '', '学生', '', '委员', '', ''].join('\t'),
    // 教职工: a person's category has no synonyms (教工 is one of branch_category only, as BR02's above).
    ['M04', '李四', '', '正式党员', 'BR02', '', '教职工', '是', '', '2020/1/1', '2024.6.30'].join('\t'),
    ['M05', '王五', '', '群众', 'BR03', '', '', '', '', '', ''].join('\t'), // bad: member_status
    ['M06', '赵六', '', '正式党员', 'C01', '', '', '', '', '', ''].join('\t'), // bad parent: not a branch
    ['M07', '钱七', '', '正式党员', 'BR04', '', '', '', '', '', ''].join('\t'), // parent quarantined
  ].join('\r\n');
  file('members_export.tsv', iconv.encode(members + '\r\n', 'gb18030'));

  // activities: aliases, full-width codes, Chinese dates, multi tags, a quoted line break, a blank line. 7 rows, 4 bad.
  file(
    'b_三会一课.csv',
    [
      '会议编号,党支部代码,会议类型,议题,会议时间,结束时间,开展形式,内容类别,实到人数,相互批评意见条数,补开原活动编号,备注',
      'A01,ＢＲ０１,党员大会,"学习贯彻\r\n二十大精神",2024年5月6日 14时30分,2024-05-06 16:00,线下,理论学习；政治教育,2,,,',
      'A02,BR01,支委会,月度工作,2024/5/20 9:00,,线上,业务工作,,,,',
      '',
      'A03,BR01,组织生活会,年度组织生活会,2024-12-10T14:00,2024-12-10 17:00,线上线下结合,批评与自我批评、党性锤炼,,3,,',
      'A04,BR01,座谈会,交流,2024-05-21,,,,,,,', // bad: activity_type
      'A05,BR01,党课,时间不对,2024-13-01,,,,,,,', // bad: started_at
      'A01,BR01,党课,重复编号,2024-05-22,,,,,,,', // bad: duplicate key
      'A06,BR01,党课,结束早于开始,2024-05-23 15:00,2024-05-23 14:00,,,,,,', // bad: ended before started
    ].join('\r\n') + '\r\n',
  );

  // attendance: semicolon .txt with English canonical headers. 7 rows, 3 bad.
  file(
    'a_attendance.txt',
    [
      'activity_id;member_id;attendance_status;signed_in_at;leave_reason;as_ordinary_member',
      'A01;M01;出席;2024-05-06 14:20;;',
      'A01;M02;请假;;出差;',
      'A01;M03;参加;2024-05-06 14:25;;',
      'A01;M99;出席;;;', // orphan: unknown member
      'A04;M01;出席;;;', // parent quarantined: A04 is in quarantine
      'A02;M01;迟到;;;', // bad: status
      'A03;M01;列席;;;',
    ].join('\n') + '\n',
  );

  // observations: 3 rows, 1 bad (score out of range).
  file(
    'c_列席督导.csv',
    [
      '督导编号,活动编号,列席人,派出组织代码,政治性评分,时代性评分,原则性评分,战斗性评分,发现问题,是否叫停,督导意见',
      'O01,A01,孙督导,C01,90,80,85,70,,否,较好',
      'O02,A02,周督导,省委教育工委,60,60,60,60,形式化、表面化,是,叫停',
      'O03,A03,吴督导,U01P,101,80,80,80,,否,',
    ].join('\n') + '\n',
  );

  // rectifications, cases, evaluations: one clean file each.
  file(
    'd_整改清单.csv',
    ['问题编号,支部代码,问题来源,关联督导编号,问题描述,发现日期,整改时限,完成日期,整改状态', 'R01,BR01,列席督导,O02,会议流于形式,2024-05-20,2024-06-20,2024-06-18,已销号'].join('\n') + '\n',
  );
  file(
    'e_典型案例.csv',
    ['案例编号,高校代码,支部代码,报送季度,案例标题,遴选结果', 'K01,U01,BR01,2024年第二季度,示例案例,省级优秀案例', 'K02,U02,,2024-Q3,示例案例二,未推报'].join('\n') + '\n',
  );
  file('f_述职评议.csv', ['年度,支部代码,评定等次', '2024,BR01,好', '2024,BR03,较好'].join('\n') + '\n');

  // A duplicate of the universities file (same bytes), an unrelated file, a file missing a required column.
  fs.copyFileSync(path.join(dir, 'z_高校名单.csv'), path.join(dir, 'zz_高校名单_副本.csv'));
  file('readme.txt', '这是一个说明文件，不是导出数据。\n');
  file('g_缺列.csv', '活动编号,支部代码,活动类型\nA09,BR01,党课\n');
}

/** What an ingest of the folder must produce. */
export const EXPECTED = {
  tables: {
    universities: 2,
    org_units: 8,
    members: 4,
    activities: 3,
    attendance: 4,
    observations: 2,
    rectifications: 1,
    cases: 2,
    evaluations: 2,
  },
  quarantineByReason: {
    required: 1, // BR04 without category
    bad_value: 6, // 群众, 座谈会, 2024-13-01, ended before started, 迟到, score 101
    duplicate_key: 1,
    orphan: 1,
    parent_quarantined: 2, // M07 under BR04, attendance of A04
    bad_parent: 1, // M06 in C01
  },
} as const;
