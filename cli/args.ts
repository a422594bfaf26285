/** Argument parsing shared by the commands: node's parseArgs, with usage errors for people. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../warehouse/errors.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** The option every command takes. */
export const DB_OPTION: Options = { db: { type: 'string' } };

/** `--help` after a command: its options, printed on stdout by cli/main.ts (exit 0). */
export class HelpRequested extends Error {}

export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  const all = { ...DB_OPTION, ...options };
  if (argv.includes('--help') || argv.includes('-h')) throw new HelpRequested(`选项 options：${acceptedOptions(all)}${allowPositionals ? '；另加文件或文件夹路径 PATH…' : ''}`);
  try {
    return parseArgs({ args: argv, options: all, allowPositionals, strict: true });
  } catch (error) {
    throw new UserError(`参数有误：${usageProblem(error as Error & { code?: string }, all)}（${(error as Error).message.split(/\.\s/)[0]}）`, 2);
  }
}

function acceptedOptions(options: Options): string {
  return Object.entries(options)
    .map(([name, o]) => `--${name}${o.type === 'string' ? ' 值' : ''}`)
    .join('、');
}

/** What was wrong with the arguments, in Chinese, with the options the command accepts. */
function usageProblem(error: Error & { code?: string }, options: Options): string {
  const accepted = acceptedOptions(options);
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `不认识的选项 ${quoted}；本命令接受：${accepted}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/ambiguous/.test(error.message)) return `选项 ${quoted} 的值以“-”开头：请写成 ${quoted}=值（如 ${quoted}=-1）`;
      return /argument missing/.test(error.message)
        ? `选项 ${quoted.replace(/ <value>$/, '')} 后面缺少值`
        : `选项 ${quoted.split(' ')[0]} 不带值`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `多余的参数 ${quoted}；本命令接受：${accepted}`;
    default:
      return error.message;
  }
}
