/** A file the system refuses (an --out that is a folder …) is told as such, not as an internal error. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { fileErrorMessage } from '../../cli/main.ts';

it('says which path and why for the file system errors a person can fix, and nothing for others', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zx-file-errors-'));
  try {
    let caught: unknown;
    try {
      fs.writeFileSync(dir, 'x');
    } catch (error) {
      caught = error;
    }
    expect(fileErrorMessage(caught)).toBe(`无法读写「${dir}」：这是一个文件夹，不是文件。请检查命令里的路径（如 --out 应是一个文件的路径）后重试。(EISDIR)`);
    expect(fileErrorMessage(new Error('boom'))).toBeNull();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
