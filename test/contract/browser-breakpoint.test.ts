/**
 * `browser` and `breakpoint` (v3 only, as Octomind's GitHub action and Azure task offer them),
 * from the user's options to the annotations, checked against Octomind's OpenAPI specs: the
 * execute request the plugin builds, the fake's answers (which echo them on every v3 result), and
 * v2, whose spec has neither field.
 */
import { rmSync } from 'node:fs';
import { request as httpRequest } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { OctomindClient } from '../../src/api/client.js';
import { executeRequestV3Schema, type ExecuteRequestV3 } from '../../src/api/schemas.js';
import { resolveSettings } from '../../src/options/options.js';
import { RemoteRun } from '../../src/poll/remote-run.js';
import { triggerRun } from '../../src/trigger/start.js';
import { StateDir } from '../../src/state/state-dir.js';
import { outcomeOf } from '../../src/proxy/outcome.js';
import { testCase, type Scenario } from '../../fixtures/fake-octomind/scenario.js';
import { OpenApiValidator, errorsOf, sharedSpecPresent } from '../helpers/shared-spec.js';
import { clientFor, manualContext, useFakeOctomind } from '../helpers/fake.js';

const TT = '3435918b-3d29-4ebd-8c68-9a540532f45a';
const scenario: Scenario = {
  testTargets: [
    {
      id: TT,
      testCases: [
        testCase('passes', { status: 'PASSED', afterMs: 20, trace: null }),
        testCase('fails', { status: 'FAILED', afterMs: 30, errorMessage: 'TimeoutError: locator.click', trace: null }),
      ],
    },
  ],
};

/** The real client, keeping a copy of each execute request it sends. */
function recordingExecute(client: OctomindClient): { recording: OctomindClient; sent: ExecuteRequestV3[] } {
  const sent: ExecuteRequestV3[] = [];
  const executions = { execute: (request: ExecuteRequestV3, signal?: AbortSignal) => (sent.push(request), client.executions.execute(request, signal)) };
  return { recording: { ...client, executions } as unknown as OctomindClient, sent };
}

describe.runIf(sharedSpecPresent)('contract: browser and breakpoint', () => {
  const ctx = useFakeOctomind();
  const spec = sharedSpecPresent ? new OpenApiValidator() : undefined;
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function post(version: 'v2' | 'v3', body: unknown) {
    const res = await httpRequest(`${ctx.fake.apiUrl}/apiKey/${version}/execute`, {
      method: 'POST',
      headers: { 'x-api-key': ctx.fake.apiKey, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.statusCode, json: (await res.body.json()) as Record<string, unknown> };
  }

  it.each([
    ['FIREFOX', 'MOBILE'],
    ['SAFARI', 'TABLET'],
    ['CHROMIUM', 'DESKTOP'],
  ] as const)('v3, %s at %s: sent in execute as the spec has them, on every result, and shown as annotations', async (browser, breakpoint) => {
    ctx.fake.setScenario(scenario);
    // The fake's clock moves only with polls: every result is final by the first one.
    ctx.clock.msPerPoll = 100;
    const settings = resolveSettings(
      { testTargetId: TT, url: 'https://staging.example.com', context: 'manual', pollIntervalMs: 250 },
      { OCTOMIND_API_VERSION: 'v3', OCTOMIND_BROWSER: browser, OCTOMIND_BREAKPOINT: breakpoint },
      undefined,
      true,
    );
    const { client } = clientFor(ctx.fake, { apiVersion: 'v3' });
    cleanups.push(() => client.close());
    const { recording, sent } = recordingExecute(client);

    const remote = await RemoteRun.start(recording, settings, () => {});
    const { run } = remote;
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ browser, breakpoint });
    expect(errorsOf(spec!.component('v3', 'TestTargetExecutionRequest'), executeRequestV3Schema.parse(sent[0]))).toEqual([]);

    const state = StateDir.create();
    cleanups.push(() => rmSync(state.root, { recursive: true, force: true }));
    await remote.follow(state);
    expect(run.tests).toHaveLength(2);
    for (const test of run.tests) {
      const result = state.results.get(test.key)!;
      expect(result).toMatchObject({ kind: 'final', browser, breakpoint });
      const annotations = outcomeOf(result, run.reportUrl).annotations;
      expect(annotations).toContainEqual({ type: 'octomind.browser', description: browser });
      expect(annotations).toContainEqual({ type: 'octomind.breakpoint', description: breakpoint });
    }

    const report = await client.testReports.get(TT, run.reportId);
    expect(errorsOf(spec!.component('v3', 'TestReport'), report)).toEqual([]);
    expect(report).toMatchObject({ browser, breakpoint });
    for (const result of report.testResults!) expect(result).toMatchObject({ browser, breakpoint });
  });

  it('v3 without them: nothing sent, and the results carry Octomind\'s defaults (CHROMIUM, DESKTOP)', async () => {
    ctx.fake.setScenario(scenario);
    const settings = resolveSettings({ testTargetId: TT, url: 'https://staging.example.com', context: 'manual', apiVersion: 'v3' }, {}, undefined, true);
    const { client } = clientFor(ctx.fake, { apiVersion: 'v3' });
    cleanups.push(() => client.close());
    const { recording, sent } = recordingExecute(client);
    const { report } = await triggerRun(recording, settings);
    expect(sent[0]).not.toHaveProperty('browser');
    expect(sent[0]).not.toHaveProperty('breakpoint');
    expect(report.testResults!.map((r) => [r.browser, r.breakpoint])).toEqual([['CHROMIUM', 'DESKTOP'], ['CHROMIUM', 'DESKTOP']]);
    const defaults = { browser: spec!.component('v3', 'Browser').schema, breakpoint: spec!.component('v3', 'Breakpoint').schema } as Record<string, { default?: string }>;
    expect([defaults.browser!.default, defaults.breakpoint!.default]).toEqual(['CHROMIUM', 'DESKTOP']);
  });

  it('v3: a value outside the spec\'s enum is a 400 with ZodResponse issues', async () => {
    ctx.fake.setScenario(scenario);
    const bad = await post('v3', { testTargetId: TT, url: 'https://x.example.com', context: manualContext, browser: 'EDGE', breakpoint: 'WATCH' });
    expect(bad.status).toBe(400);
    expect(errorsOf(spec!.component('v3', 'ZodResponse'), bad.json)).toEqual([]);
    expect((bad.json as unknown as Array<{ path: string[] }>).map((issue) => issue.path)).toEqual([['breakpoint'], ['browser']]);
  });

  it('v2: the spec has neither field; the fake ignores them (unknown fields are allowed) and its results carry neither', async () => {
    const request = spec!.component('v2', 'TestTargetExecutionRequest').schema as { properties: Record<string, unknown>; additionalProperties?: unknown };
    expect(Object.keys(request.properties)).not.toContain('browser');
    expect(Object.keys(request.properties)).not.toContain('breakpoint');
    expect(request.additionalProperties).toBeUndefined();
    ctx.fake.setScenario(scenario);
    const executed = await post('v2', { testTargetId: TT, url: 'https://x.example.com', context: manualContext, browser: 'FIREFOX', breakpoint: 'MOBILE' });
    expect(executed.status).toBe(200);
    const report = executed.json.testReport as Record<string, unknown> & { testResults: Array<Record<string, unknown>> };
    expect(errorsOf(spec!.component('v2', 'TestReport'), report)).toEqual([]);
    for (const item of [report, ...report.testResults]) {
      expect(item).not.toHaveProperty('browser');
      expect(item).not.toHaveProperty('breakpoint');
    }
  });
});
