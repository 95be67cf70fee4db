/**
 * CI context detection from recorded environments and event payloads (fixtures/ci/): the context
 * each CI gets with `context: 'auto'`, and that explicit settings win.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { executionContextSchema } from '../../src/api/schemas.js';
import { executionContext } from '../../src/ci/detect.js';

const CI = path.join(__dirname, '../../fixtures/ci');
const recorded = JSON.parse(readFileSync(path.join(CI, 'env.json'), 'utf8')) as Record<string, Record<string, string>>;
const readEvent = (file: string) => JSON.parse(readFileSync(path.join(CI, file), 'utf8')) as unknown;
const auto = (name: string) => executionContext('auto', recorded[name]!, readEvent);

describe("context: 'auto'", () => {
  test('GitHub pull request: owner, repo, PR number, and the PR head sha and ref (not the merge commit)', () => {
    expect(auto('github-pull_request')).toEqual({
      source: 'github',
      owner: 'acme',
      repo: 'shop',
      issueNumber: 42,
      sha: '9f1c2d3e4b5a69788796a5b4c3d2e1f0a9b8c7d6',
      ref: 'refs/heads/feature/guest-checkout',
    });
  });

  test('GitHub push: the pushed commit and ref, no PR number', () => {
    expect(auto('github-push')).toEqual({ source: 'github', owner: 'acme', repo: 'shop', sha: 'abcdefabcdefabcdefabcdefabcdefabcdefabcd', ref: 'refs/heads/main' });
  });

  test('GitHub without a readable event payload still gets the PR number from the ref', () => {
    const context = executionContext('auto', { ...recorded['github-pull_request']!, GITHUB_EVENT_PATH: 'missing.json' }, () => undefined);
    expect(context).toMatchObject({ source: 'github', issueNumber: 42, ref: 'refs/heads/feature/guest-checkout' });
  });

  test('Azure Pipelines with a token: the azureDevOps context of the pull request', () => {
    expect(auto('azure-pull_request-with-token')).toEqual({
      source: 'azureDevOps',
      accessToken: 'azure-token-not-a-real-secret',
      organization: 'acme',
      project: 'Shop',
      repositoryId: '0d3a7a6e-7a1f-4b7e-9d0c-5b8d5a0c1e2f',
      sha: '4444444444444444444444444444444444444444',
      ref: 'refs/heads/feature/search',
      pullRequestId: 17,
    });
  });

  test.each([
    ['azure-without-token', 'playwright-octomind on Azure Pipelines, branch refs/heads/main, commit 555555555555, https://dev.azure.com/acme/Shop/_build/results?buildId=992'],
    ['gitlab-merge_request', 'playwright-octomind on GitLab CI, branch feature/cart, commit 666666666666, https://gitlab.com/acme/shop/-/jobs/123'],
    ['jenkins', 'playwright-octomind on Jenkins, branch main, commit 777777777777, https://jenkins.acme.test/job/shop/88/'],
    ['circleci', 'playwright-octomind on CircleCI, branch feature/login, commit 888888888888, https://circleci.com/gh/acme/shop/321'],
    ['bitbucket', 'playwright-octomind on Bitbucket Pipelines, branch feature/newsletter, commit 999999999999, http://bitbucket.org/acme/shop/pipelines/results/55'],
    ['developer-machine', 'playwright-octomind'],
  ])('%s: manual, described as %j', (name, description) => {
    expect(auto(name)).toEqual({ source: 'manual', description });
  });

  test('every detected context is one Octomind accepts', () => {
    for (const name of Object.keys(recorded)) expect(executionContextSchema.safeParse(auto(name)).success, name).toBe(true);
  });
});

describe('explicit settings', () => {
  test("'manual' describes the CI even where a richer context exists", () => {
    expect(executionContext('manual', recorded['github-pull_request']!, readEvent)).toEqual({
      source: 'manual',
      description: 'playwright-octomind on GitHub Actions, branch feature/guest-checkout, commit 222222222222, https://github.com/acme/shop/actions/runs/7654321',
    });
  });

  test('a context object is sent as given', () => {
    const given = { source: 'github', owner: 'o', repo: 'r', issueNumber: 1 } as const;
    expect(executionContext(given, recorded['github-pull_request']!, readEvent)).toBe(given);
  });
});
