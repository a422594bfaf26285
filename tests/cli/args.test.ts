/** Usage errors say in Chinese what was wrong and which options the command accepts. */
import { expect, it } from 'vitest';
import { HelpRequested, parseCommandArgs } from '../../cli/args.ts';
import { UserError } from '../../warehouse/errors.ts';

const options = { json: { type: 'boolean' }, period: { type: 'string' } } as const;

function usageError(argv: string[], positionals = false): UserError {
  try {
    parseCommandArgs(argv, options, positionals);
  } catch (error) {
    return error as UserError;
  }
  throw new Error(`no usage error for ${argv.join(' ')}`);
}

it('names an unknown option and lists the accepted ones', () => {
  const e = usageError(['--perod', '2025']);
  expect(e).toBeInstanceOf(UserError);
  expect(e.exitCode).toBe(2);
  expect(e.message).toBe("参数有误：不认识的选项 --perod；本命令接受：--db 值、--json、--period 值（Unknown option '--perod'）");
});

it('says an option lacks its value, or takes none', () => {
  expect(usageError(['--period']).message).toBe("参数有误：选项 --period 后面缺少值（Option '--period <value>' argument missing）");
  expect(usageError(['--json=yes']).message).toBe("参数有误：选项 --json 不带值（Option '--json' does not take an argument）");
});

it('names an extra argument of a command that takes none, and accepts it where positionals are allowed', () => {
  expect(usageError(['2025']).message).toBe("参数有误：多余的参数 2025；本命令接受：--db 值、--json、--period 值（Unexpected argument '2025'）");
  expect(parseCommandArgs(['exports/', '--json'], options, true).positionals).toEqual(['exports/']);
});

it('says how to give a value that starts with a dash', () => {
  expect(usageError(['--period', '-1']).message).toBe("参数有误：选项 --period 的值以“-”开头：请写成 --period=值（如 --period=-1）（Option '--period' argument is ambiguous）");
});

it('answers --help with the options of the command, not as an unknown option', () => {
  const e = usageError(['--help'], true);
  expect(e).toBeInstanceOf(HelpRequested);
  expect(e.message).toBe('选项 options：--db 值、--json、--period 值；另加文件或文件夹路径 PATH…');
});
