/** An error meant for a person: the message says what happened and what to do. */
export class UserError extends Error {
  /** Process exit code for the CLI (2: nothing could be done). */
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** Another process (the dashboard server, another ingest) holds the warehouse file. */
export class WarehouseLockedError extends UserError {
  constructor(dbPath: string, holder: string | null) {
    super(
      `数据仓库文件正被另一个进程占用${holder ? `（${holder}）` : ''}：${dbPath}\n` +
        `如果看板正在运行，请在看板的「数据」页（/data）上传文件，或先停止看板再运行本命令。\n` +
        `The warehouse is in use by another process. If the dashboard is running, upload files on its 数据 (/data) page, ` +
        `or stop it and run the command again.`,
    );
    this.name = 'WarehouseLockedError';
  }
}
