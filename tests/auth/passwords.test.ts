import { describe, expect, it } from 'vitest';
import { checkNewPassword, generatePassword, hashPassword, verifyAgainstNobody, verifyPassword } from '../../auth/passwords.ts';

describe('passwords', () => {
  it('are hashed with argon2id (19 MiB, 2 passes) and verified', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
  });

  it('never hash the same password the same way twice (salted)', async () => {
    expect(await hashPassword('correct horse battery')).not.toBe(await hashPassword('correct horse battery'));
  });

  it('are generated strong: 4 groups of 5 unambiguous characters, all different', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{5}(-[a-km-zA-HJ-NP-Z2-9]{5}){3}$/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
    expect(() => checkNewPassword(generatePassword(), 'someone')).not.toThrow();
  });

  it('must be at least 12 characters, not obvious, and not contain the user name', () => {
    expect(() => checkNewPassword('short', 'wang')).toThrow('密码太短：至少 12 个字符（现为 5 个）');
    expect(() => checkNewPassword('password1234', 'wang')).toThrow('密码太容易猜到');
    expect(() => checkNewPassword('my-name-is-wang!', 'wang')).toThrow('密码太容易猜到');
    expect(() => checkNewPassword('aaaaaaaaaaaaaa', 'wang')).toThrow('密码太容易猜到');
    expect(checkNewPassword('我的组织生活密码很长很长', 'wang')).toBe('我的组织生活密码很长很长');
  });

  it('take as long to refuse for nobody as for a wrong password', async () => {
    const hash = await hashPassword('correct horse battery');
    await verifyAgainstNobody('warm-up');
    let t = performance.now();
    expect(await verifyAgainstNobody('guess-guess-guess')).toBe(false);
    const nobody = performance.now() - t;
    t = performance.now();
    await verifyPassword(hash, 'guess-guess-guess');
    const wrong = performance.now() - t;
    expect(nobody).toBeGreaterThan(wrong / 3);
  });
});
