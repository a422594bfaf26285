/** Argument parsing shared by the commands: node's parseArgs, with usage errors for people. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../warehouse/errors.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** The option every command takes. */
export const DB_OPTION: Options = { db: { type: 'string' } };

export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  const all = { ...DB_OPTION, ...options };
  try {
    return parseArgs({ args: argv, options: all, allowPositionals, strict: true });
  } catch (error) {
    throw new UserError(`参数有误：${usageProblem(error as Error & { code?: string }, all)}（${(error as Error).message.split('. ')[0]}）`, 2);
  }
}

/** What was wrong with the arguments, in Chinese, with the options the command accepts. */
function usageProblem(error: Error & { code?: string }, options: Options): string {
  const accepted = Object.entries(options)
    .map(([name, o]) => `--${name}${o.type === 'string' ? ' 值' : ''}`)
    .join('、');
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `不认识的选项 ${quoted}；本命令接受：${accepted}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /argument missing/.test(error.message)
        ? `选项 ${quoted.replace(/ <value>$/, '')} 后面缺少值`
        : `选项 ${quoted.split(' ')[0]} 不带值`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `多余的参数 ${quoted}；本命令接受：${accepted}`;
    default:
      return error.message;
  }
}
