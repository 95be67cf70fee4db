/**
 * GitHub Actions → Octomind's `github` context, with which Octomind comments on the pull request.
 * On pull requests GITHUB_SHA and GITHUB_REF name the merge commit Actions builds; Octomind must
 * report on the PR's head commit, so sha and ref come from the event payload's pull_request.head.
 */
import type { ExecutionContext } from '../api/schemas.js';
import type { CiEnv, ReadEvent } from './env.js';

interface PullRequestEvent {
  number?: number;
  pull_request?: { number?: number; head?: { sha?: string; ref?: string } };
}

export function isGitHubActions(env: CiEnv): boolean {
  return env.GITHUB_ACTIONS === 'true';
}

export function githubContext(env: CiEnv, readEvent: ReadEvent): ExecutionContext | undefined {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '').split('/');
  if (!owner || !repo) return undefined;
  const event = (env.GITHUB_EVENT_PATH ? readEvent(env.GITHUB_EVENT_PATH) : undefined) as PullRequestEvent | undefined;
  const pr = event?.pull_request;
  const prNumber = pr?.number ?? event?.number ?? /^refs\/pull\/(\d+)\//.exec(env.GITHUB_REF ?? '')?.[1];
  const headRef = pr?.head?.ref ?? env.GITHUB_HEAD_REF;
  return {
    source: 'github',
    owner,
    repo,
    ...(prNumber !== undefined && { issueNumber: Number(prNumber) }),
    sha: pr?.head?.sha ?? env.GITHUB_SHA ?? null,
    ref: headRef ? `refs/heads/${headRef}` : (env.GITHUB_REF ?? null),
  };
}
