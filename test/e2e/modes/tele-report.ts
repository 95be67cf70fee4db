/**
 * Reads the report messages a test server sends (Playwright's teleReporter protocol, the one UI mode
 * and the VS Code extension receive): the tests of each project, and per test its results with
 * status, errors, attachments and annotations. Written here, not imported from playwright/lib, so
 * the tests speak the wire format as an outside client does.
 */

export interface TeleMessage {
  method: string;
  params?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface Attachment {
  name: string;
  contentType: string;
  path?: string;
  base64?: string;
}

export interface Annotation {
  type: string;
  description?: string;
}

export interface TeleResult {
  id: string;
  /** Undefined while the test runs. */
  status?: string;
  errors: Array<{ message?: string }>;
  attachments: Attachment[];
  annotations: Annotation[];
}

export interface TeleTest {
  testId: string;
  title: string;
  projectName: string;
  file: string;
  tags: string[];
  annotations: Annotation[];
  results: TeleResult[];
}

interface TeleEntry {
  testId?: string;
  title: string;
  location?: { file: string };
  tags?: string[];
  annotations?: Annotation[];
  entries?: TeleEntry[];
}

export class TeleReport {
  readonly tests = new Map<string, TeleTest>();
  /** The status of each finished run (onEnd), in order. */
  readonly ends: string[] = [];
  readonly errors: string[] = [];
  private readonly resultsById = new Map<string, TeleResult>();

  constructor(messages: TeleMessage[] = []) {
    messages.forEach((message) => this.dispatch(message));
  }

  dispatch(message: TeleMessage): void {
    const { method, params } = message;
    if (method === 'onProject') this.addProject(params.project);
    else if (method === 'onTestBegin') {
      const result: TeleResult = { id: params.result.id, errors: [], attachments: [], annotations: [] };
      this.resultsById.set(result.id, result);
      this.tests.get(params.testId)?.results.push(result);
    } else if (method === 'onAttach') {
      this.resultsById.get(params.resultId)?.attachments.push(...(params.attachments as Attachment[]));
    } else if (method === 'onTestEnd') {
      const result = this.resultsById.get(params.result.id);
      if (!result) return;
      result.status = params.result.status;
      result.errors = params.result.errors ?? [];
      result.annotations = params.result.annotations ?? [];
    } else if (method === 'onError') this.errors.push(String(params.error?.message ?? params.error?.value ?? ''));
    else if (method === 'onEnd') this.ends.push(params.result.status);
  }

  private addProject(project: { name: string; suites: TeleEntry[] }): void {
    const visit = (entry: TeleEntry, file: string) => {
      if (entry.testId) {
        const known = this.tests.get(entry.testId);
        this.tests.set(entry.testId, {
          testId: entry.testId,
          title: entry.title,
          projectName: project.name,
          file,
          tags: entry.tags ?? [],
          annotations: entry.annotations ?? [],
          results: known?.results ?? [],
        });
      }
      entry.entries?.forEach((child) => visit(child, file));
    };
    for (const fileSuite of project.suites) visit(fileSuite, fileSuite.location?.file ?? fileSuite.title);
  }

  all(): TeleTest[] {
    return [...this.tests.values()];
  }

  ofProject(name: string): TeleTest[] {
    return this.all().filter((t) => t.projectName === name);
  }

  byTitle(title: string, projectName?: string): TeleTest {
    const found = this.all().filter((t) => t.title === title && (projectName === undefined || t.projectName === projectName));
    if (found.length !== 1) throw new Error(`expected one test titled "${title}", found ${found.length}: ${this.all().map((t) => `${t.projectName}/${t.title}`).join(', ')}`);
    return found[0]!;
  }

  /** Titles of a project's tests, sorted. */
  titles(projectName: string): string[] {
    return this.ofProject(projectName)
      .map((t) => t.title)
      .sort();
  }

  /** The tests that got a result, and that result (the last one). */
  ran(): Array<TeleTest & { last: TeleResult }> {
    return this.all()
      .filter((t) => t.results.length > 0)
      .map((t) => ({ ...t, last: t.results[t.results.length - 1]! }));
  }
}

export function annotationOf(result: { annotations: Annotation[] }, type: string): string | undefined {
  return result.annotations.find((a) => a.type === type)?.description;
}
