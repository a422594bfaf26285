import { UserError } from '../../warehouse/errors.ts';

/** `zhixiao users` is not available in this version yet. */
export async function run(_argv: string[]): Promise<number> {
  throw new UserError('命令 users 尚未实现 (not available yet)', 2);
}
