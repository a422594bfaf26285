/**
 * `zhixiao users add NAME --role province|university|college [--scope CODE] [--password-stdin]`,
 * `users list [--json]`, `users passwd NAME [--password-stdin]`, `users remove NAME` (cli.md).
 * Thin: the work is in auth/users.ts. Without --password-stdin a strong password is generated
 * and printed once. Every change is written to the audit log as `命令行:<OS user>`.
 */
import os from 'node:os';
import { parseCommandArgs } from '../args.ts';
import { formatTable } from '../table.ts';
import { UserError } from '../../warehouse/errors.ts';
import { openWarehouse, type Warehouse } from '../../warehouse/database.ts';
import { resolveDbPath } from '../../warehouse/paths.ts';
import { addUser, listUsers, removeUser, setPassword } from '../../auth/users.ts';
import { generatePassword } from '../../auth/passwords.ts';
import { recordAudit } from '../../auth/audit.ts';
import { ROLE_LABEL } from '../../auth/scope.ts';

const USAGE = [
  '用法 Usage:',
  '  zhixiao users add NAME --role province|university|college [--scope CODE] [--password-stdin]',
  '  zhixiao users list [--json]',
  '  zhixiao users passwd NAME [--password-stdin]',
  '  zhixiao users remove NAME',
  '--scope：高校用户为高校代码，院系用户为院系党组织代码；省级用户不需要。',
].join('\n');

/** Everything on stdin, less one trailing line break (`echo pw | …` adds one). */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
  if (!text) throw new UserError('--password-stdin：标准输入中没有密码（例如 printf %s "$PW" | zhixiao users add …）。', 2);
  return text;
}

/** Who runs the CLI, for the audit log: the OS user (os.userInfo() throws for a uid without a passwd entry). */
function cliActor(): string {
  const name = process.env.USER || process.env.LOGNAME || (typeof process.getuid === 'function' ? `uid ${process.getuid()}` : os.hostname());
  return `命令行:${name}`;
}

function oneName(positionals: string[], sub: string): string {
  if (positionals.length !== 2) throw new UserError(`zhixiao users ${sub} 需要且只需要一个用户名。\n${USAGE}`, 2);
  return positionals[1];
}

async function passwordFor(fromStdin: boolean | undefined): Promise<{ password: string; generated: boolean }> {
  return fromStdin ? { password: await readPasswordFromStdin(), generated: false } : { password: generatePassword(), generated: true };
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    {
      role: { type: 'string' },
      scope: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      json: { type: 'boolean' },
    },
    true,
  );
  const sub = positionals[0];
  if (!sub || !['add', 'list', 'passwd', 'remove'].includes(sub)) throw new UserError(`${sub ? `未知的子命令「${sub}」。\n` : ''}${USAGE}`, 2);
  if (sub !== 'add' && (values.role !== undefined || values.scope !== undefined)) throw new UserError(`--role 与 --scope 只用于 users add。\n${USAGE}`, 2);
  if ((sub === 'list' || sub === 'remove') && values['password-stdin']) throw new UserError(`--password-stdin 只用于 users add 与 users passwd。\n${USAGE}`, 2);
  if (sub !== 'list' && values.json) throw new UserError(`--json 只用于 users list。\n${USAGE}`, 2);
  const open = (): Promise<Warehouse> => openWarehouse(resolveDbPath(values.db));

  switch (sub) {
    case 'list': {
      if (positionals.length > 1) throw new UserError(`zhixiao users list 不带参数。\n${USAGE}`, 2);
      const users = await listUsers(await open());
      if (values.json) {
        process.stdout.write(JSON.stringify(users) + '\n');
        return 0;
      }
      if (!users.length) {
        process.stdout.write('还没有用户：zhixiao users add NAME --role province 添加第一个。\n');
        return 0;
      }
      const rows = users.map((u) => [u.username, `${ROLE_LABEL[u.role]} ${u.role}`, u.scope_code ?? '全省', u.created_at, u.password_changed_at]);
      process.stdout.write(formatTable(['用户', '角色', '范围', '创建于', '密码更新于'], rows) + '\n');
      return 0;
    }
    case 'add': {
      const name = oneName(positionals, 'add');
      if (!values.role) throw new UserError(`请用 --role 指定角色：province、university 或 college。\n${USAGE}`, 2);
      const { password, generated } = await passwordFor(values['password-stdin']);
      const warehouse = await open();
      const user = await addUser(warehouse, { username: name, role: values.role, scope: values.scope ?? null, password });
      await recordAudit(warehouse, { username: cliActor(), action: 'user_added', target: user.username, detail: `${user.role}${user.scope_code ? ` ${user.scope_code}` : ''}` });
      process.stdout.write(`已添加用户「${user.username}」：${ROLE_LABEL[user.role]}${user.scope_code ? `（${user.scope_code}）` : '（全省）'}。\n`);
      if (generated) process.stdout.write(`初始密码（只显示这一次，请妥善转交）：${password}\n`);
      return 0;
    }
    case 'passwd': {
      const name = oneName(positionals, 'passwd');
      const { password, generated } = await passwordFor(values['password-stdin']);
      const warehouse = await open();
      await setPassword(warehouse, name, password);
      await recordAudit(warehouse, { username: cliActor(), action: 'user_password', target: name.normalize('NFKC').trim() });
      process.stdout.write(`已重设「${name}」的密码，该用户的登录会话已全部失效。\n`);
      if (generated) process.stdout.write(`新密码（只显示这一次，请妥善转交）：${password}\n`);
      return 0;
    }
    case 'remove': {
      const name = oneName(positionals, 'remove');
      const warehouse = await open();
      await removeUser(warehouse, name);
      await recordAudit(warehouse, { username: cliActor(), action: 'user_removed', target: name.normalize('NFKC').trim() });
      process.stdout.write(`已删除用户「${name}」（审计记录保留）。\n`);
      return 0;
    }
  }
  throw new Error(`unreachable: users ${sub}`);
}
