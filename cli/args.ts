/** Argument parsing shared by the commands: node's parseArgs, with usage errors for people. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../warehouse/errors.ts';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** The option every command takes. */
export const DB_OPTION: Options = { db: { type: 'string' } };

export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options: { ...DB_OPTION, ...options }, allowPositionals, strict: true });
  } catch (error) {
    throw new UserError(`参数有误 Bad arguments: ${(error as Error).message}`, 2);
  }
}
