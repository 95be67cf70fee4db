/**
 * `npx playwright test-server` spoken to as the VS Code extension speaks to it: a WebSocket with
 * `{ id, method, params }` requests, `{ id, result | error }` responses and `{ method, params }`
 * events (`report` carries teleReporter messages, `stdio` the runner's intercepted output).
 * initialize({ interceptStdio, closeOnDisconnect }) as the extension does, so closing the socket
 * ends the server without teardown, as closing VS Code does.
 */
import { WebSocket } from 'undici';
import type { Project } from '../harness.js';
import { PlaywrightProcess, within } from './process.js';
import { TeleReport, type TeleMessage } from './tele-report.js';

const START_MS = 60_000;
/** Requests wait on states (a run, a setup); the bound only turns a hang into a failing test. */
const REQUEST_MS = 120_000;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export interface RunTestsParams {
  projects?: string[];
  testIds?: string[];
  locations?: string[];
  grep?: string;
  /** VS Code sends 'on' when "Show trace viewer" is enabled; UI mode always does. */
  trace?: 'on' | 'off';
  reporters?: string[];
}

export interface Run {
  /** Filled as the report events of this Run arrive. */
  report: TeleReport;
  /** The runTests response. */
  done: Promise<{ status: string }>;
}

export class TestServerSession {
  /** The `stdio` events' text: what VS Code shows in its output, while interceptStdio is on. */
  stdio = '';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly reportSinks = new Set<TeleReport>();
  private closed = false;

  private constructor(
    readonly process: PlaywrightProcess,
    private readonly socket: WebSocket,
  ) {
    socket.addEventListener('message', (event) => this.onMessage(String(event.data)));
    socket.addEventListener('close', () => {
      this.closed = true;
      for (const { reject } of this.pending.values()) reject(new Error(`the test server closed the connection. Output:\n${this.output}`));
      this.pending.clear();
    });
  }

  static async start(project: Project, env: Record<string, string | undefined>): Promise<TestServerSession> {
    const process = PlaywrightProcess.start(project, ['test-server', '-c', 'playwright.config.ts', '--host', '127.0.0.1', '--port', '0'], env);
    try {
      const [, url] = await process.waitForOutput(/Listening on (ws:\/\/\S+)/, START_MS, 'the test server did not print its address');
      const socket = new WebSocket(url!);
      await within(
        new Promise<void>((resolve, reject) => {
          socket.addEventListener('open', () => resolve());
          socket.addEventListener('error', () => reject(new Error(`cannot connect to ${url}`)));
        }),
        START_MS,
        'the test server did not accept the connection',
      );
      return new TestServerSession(process, socket);
    } catch (err) {
      await process.kill();
      throw err;
    }
  }

  /** Everything the session printed: the process's own output and the intercepted stdio. */
  get output(): string {
    return `${this.process.output}${this.stdio}`;
  }

  send<T = unknown>(method: string, params: unknown = {}, timeoutMs = REQUEST_MS): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`${method}: the connection is closed`));
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
    this.socket.send(JSON.stringify({ id, method, params }));
    return within(answer, timeoutMs, `no answer to ${method}`);
  }

  /** As VS Code: its stdio comes over the socket, and a disconnect ends the server. */
  initialize(): Promise<void> {
    return this.send('initialize', { interceptStdio: true, closeOnDisconnect: true });
  }

  runGlobalSetup(): Promise<{ status: string; env: Array<[string, string | null]>; report: TeleMessage[] }> {
    return this.send('runGlobalSetup', {});
  }

  runGlobalTeardown(): Promise<{ status: string }> {
    return this.send('runGlobalTeardown', {});
  }

  async listTests(params: { projects?: string[]; locations?: string[] } = {}): Promise<TeleReport> {
    const { report } = await this.send<{ report: TeleMessage[] }>('listTests', params);
    return new TeleReport(report);
  }

  /** Starts a Run and returns at once: the caller may act while it runs (stop, reload, kill). */
  startRun(params: RunTestsParams, timeoutMs = REQUEST_MS): Run {
    const report = new TeleReport();
    this.reportSinks.add(report);
    const done = this.send<{ status: string }>('runTests', params, timeoutMs).finally(() => this.reportSinks.delete(report));
    return { report, done };
  }

  async runTests(params: RunTestsParams): Promise<{ status: string; report: TeleReport }> {
    const run = this.startRun(params);
    const { status } = await run.done;
    return { status, report: run.report };
  }

  stopTests(): Promise<void> {
    return this.send('stopTests', {});
  }

  /** VS Code closing: the socket goes, the server exits (closeOnDisconnect) without teardown. */
  disconnect(): void {
    this.socket.close();
  }

  /** Test cleanup: whatever state the test left, nothing keeps running. */
  async dispose(): Promise<void> {
    if (!this.closed) this.socket.close();
    await this.process.kill();
  }

  private onMessage(data: string): void {
    const message = JSON.parse(data) as { id?: number; result?: unknown; error?: string; method?: string; params?: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
    if (message.id !== undefined) {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error !== undefined) pending?.reject(new Error(message.error));
      else pending?.resolve(message.result);
      return;
    }
    if (message.method === 'report') for (const sink of this.reportSinks) sink.dispatch(message.params as TeleMessage);
    if (message.method === 'stdio') this.stdio += message.params.buffer ? Buffer.from(message.params.buffer, 'base64').toString() : (message.params.text ?? '');
  }
}
