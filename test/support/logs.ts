import { format } from 'node:util';

// The module object itself (not an import-interop copy), so patching it reaches every user of fs.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs: Record<string, (...args: any[]) => any> = require('node:fs');

type Restore = () => void;

const isStd = (fd: unknown) => fd === 1 || fd === 2;
const byteLength = (data: unknown) => (typeof data === 'string' ? Buffer.byteLength(data) : (data as Uint8Array).byteLength);
const text = (data: unknown) => (typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8'));

/**
 * Everything this process writes to stdout and stderr while capturing, and swallows it.
 *
 * docket logs JSON lines through nestjs-pino, which writes to process.stdout, or, with
 * a sonic-boom destination, straight to file descriptor 1 or 2 with fs.write/fs.writeSync;
 * Nest's console logger and console.* go through process.stdout, process.stderr and
 * Jest's console. All of them are caught here, so a test sees what an operator's log
 * collector would, whichever logger wrote it. Start it before the app boots (with
 * LOG_LEVEL=trace to see the most) and stop it when done.
 */
export class CapturedOutput {
  private readonly chunks: string[] = [];
  private readonly restores: Restore[] = [];

  static start(): CapturedOutput {
    const captured = new CapturedOutput();
    captured.install();
    return captured;
  }

  /** Everything written so far, in order. */
  text(): string {
    return this.chunks.join('');
  }

  /** The JSON log lines written so far (lines that are not JSON are left out). */
  jsonLines(): Record<string, any>[] {
    return this.text()
      .split('\n')
      .flatMap((line) => {
        if (!line.startsWith('{')) return [];
        try {
          return [JSON.parse(line)];
        } catch {
          return [];
        }
      });
  }

  stop(): void {
    while (this.restores.length) this.restores.pop()!();
  }

  private record(data: unknown): void {
    this.chunks.push(text(data));
  }

  private install(): void {
    const originalWriteSync = fs.writeSync;
    const originalWrite = fs.write;
    fs.writeSync = (fd: number, data: unknown, ...rest: unknown[]) => {
      if (!isStd(fd)) return originalWriteSync.call(fs, fd, data, ...rest);
      this.record(data);
      return byteLength(data);
    };
    fs.write = (fd: number, data: unknown, ...rest: unknown[]) => {
      if (!isStd(fd)) return originalWrite.call(fs, fd, data, ...rest);
      this.record(data);
      const callback = rest.find((r) => typeof r === 'function') as ((err: null, n: number, d: unknown) => void) | undefined;
      if (callback) process.nextTick(callback, null, byteLength(data), data);
    };
    this.restores.push(() => {
      fs.writeSync = originalWriteSync;
      fs.write = originalWrite;
    });

    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write;
      stream.write = ((data: unknown, ...rest: unknown[]) => {
        this.record(data);
        const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
        if (callback) process.nextTick(callback);
        return true;
      }) as typeof stream.write;
      this.restores.push(() => {
        stream.write = original;
      });
    }

    const methods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
    for (const method of methods) {
      const original = console[method];
      console[method] = (...args: unknown[]) => this.record(`${format(...args)}\n`);
      this.restores.push(() => {
        console[method] = original;
      });
    }
  }
}
