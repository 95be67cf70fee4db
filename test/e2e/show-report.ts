/** `npx playwright show-report` on a free loopback port, as a user opens the merged report. */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

export interface ShownReport {
  url: string;
  close(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function showReport(cwd: string, reportDir = 'playwright-report'): Promise<ShownReport> {
  const port = await freePort();
  const child = spawn('npx', ['playwright', 'show-report', reportDir, '--host', '127.0.0.1', '--port', String(port)], { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`show-report did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`http://127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', () => reject(new Error(`show-report exited:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      // npx runs the server in a child process: end the whole group.
      process.kill(-child.pid!, 'SIGTERM');
      await closed;
    },
  };
}
