/**
 * The export files the ingest benchmarks load: the parents (one university, one branch,
 * MEMBERS members, the activities) and an attendance export of any size, UTF-8 or GB18030,
 * written streaming.
 */
import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';

export const MEMBERS = 500;

/** Parents (university, branch, members, activities) the attendance rows refer to. */
export function writeParents(dir: string, activities: number): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'u.csv'), '高校代码,高校名称,所在地市\nU1,示例大学,合肥\n');
  fs.writeFileSync(path.join(dir, 'o.csv'), '组织代码,组织名称,组织类型,上级组织代码,高校代码,支部类别\nU1P,示例大学党委,高校党委,,U1,\nB1,示例支部,党支部,U1P,U1,学生\n');
  const m = ['党员编号,姓名,党员类别,所在支部代码'];
  for (let i = 0; i < MEMBERS; i++) m.push(`M${i},张三${i % 10},正式党员,B1`);
  fs.writeFileSync(path.join(dir, 'm.csv'), m.join('\n') + '\n');
  const a = ['活动编号,支部代码,活动类型,活动主题,开始时间'];
  for (let i = 0; i < activities; i++) a.push(`A${i},B1,主题党日,第${i}次,2024-0${1 + (i % 9)}-1${i % 10} 14:00`);
  fs.writeFileSync(path.join(dir, 'a.csv'), a.join('\n') + '\n');
}

export function attendanceLine(i: number): string {
  const status = i % 11 === 0 ? '请假' : i % 29 === 0 ? '缺席' : '出席';
  return `A${Math.floor(i / MEMBERS)},M${i % MEMBERS},${status},2024-03-05 13:${String(i % 60).padStart(2, '0')},${status === '请假' ? '出差' : ''}`;
}

export async function writeAttendance(file: string, rows: number, encoding: 'utf-8' | 'gb18030'): Promise<void> {
  const out = fs.createWriteStream(file);
  const put = (s: string) => {
    const data = encoding === 'gb18030' ? iconv.encode(s, 'gb18030') : s;
    return out.write(data) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  };
  await put('活动编号,党员编号,参会状态,签到时间,请假事由\n');
  for (let i = 0; i < rows; i += 10_000) {
    let chunk = '';
    for (let j = i; j < Math.min(rows, i + 10_000); j++) chunk += attendanceLine(j) + '\n';
    await put(chunk);
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

