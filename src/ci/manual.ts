/**
 * CI systems Octomind has no context for: a `manual` context whose description names the CI, the
 * branch, the commit and the build URL, so a report in the Octomind app leads back to its build.
 */
import { azureBranch, azureCommit, isAzurePipelines } from './azure.js';
import type { CiEnv } from './env.js';
import { isGitHubActions } from './github.js';

interface CiDescription {
  name: string;
  branch: string | undefined;
  commit: string | undefined;
  buildUrl: string | undefined;
}

const SYSTEMS: Array<{ is: (env: CiEnv) => boolean; describe: (env: CiEnv) => CiDescription }> = [
  {
    is: (env) => env.GITLAB_CI === 'true',
    describe: (env) => ({ name: 'GitLab CI', branch: env.CI_MERGE_REQUEST_SOURCE_BRANCH_NAME ?? env.CI_COMMIT_REF_NAME, commit: env.CI_COMMIT_SHA, buildUrl: env.CI_JOB_URL ?? env.CI_PIPELINE_URL }),
  },
  {
    is: (env) => Boolean(env.JENKINS_URL),
    describe: (env) => ({ name: 'Jenkins', branch: env.CHANGE_BRANCH ?? env.BRANCH_NAME ?? env.GIT_BRANCH, commit: env.GIT_COMMIT, buildUrl: env.BUILD_URL }),
  },
  {
    is: (env) => env.CIRCLECI === 'true',
    describe: (env) => ({ name: 'CircleCI', branch: env.CIRCLE_BRANCH, commit: env.CIRCLE_SHA1, buildUrl: env.CIRCLE_BUILD_URL }),
  },
  {
    is: (env) => Boolean(env.BITBUCKET_BUILD_NUMBER),
    describe: (env) => ({
      name: 'Bitbucket Pipelines',
      branch: env.BITBUCKET_BRANCH,
      commit: env.BITBUCKET_COMMIT,
      buildUrl: env.BITBUCKET_GIT_HTTP_ORIGIN ? `${env.BITBUCKET_GIT_HTTP_ORIGIN}/pipelines/results/${env.BITBUCKET_BUILD_NUMBER}` : undefined,
    }),
  },
  {
    is: isAzurePipelines,
    describe: (env) => ({
      name: 'Azure Pipelines',
      branch: azureBranch(env),
      commit: azureCommit(env),
      buildUrl: env.SYSTEM_COLLECTIONURI && env.SYSTEM_TEAMPROJECT && env.BUILD_BUILDID ? `${env.SYSTEM_COLLECTIONURI}${env.SYSTEM_TEAMPROJECT}/_build/results?buildId=${env.BUILD_BUILDID}` : undefined,
    }),
  },
  {
    is: isGitHubActions,
    describe: (env) => ({
      name: 'GitHub Actions',
      branch: env.GITHUB_HEAD_REF || env.GITHUB_REF_NAME,
      commit: env.GITHUB_SHA,
      buildUrl: env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
    }),
  },
];

function describeCi(env: CiEnv): CiDescription | undefined {
  return SYSTEMS.find((system) => system.is(env))?.describe(env);
}

export function manualDescription(env: CiEnv, fallback: string): string {
  const ci = describeCi(env);
  if (!ci) return env.CI ? `${fallback} (CI)` : fallback;
  const parts = [`${fallback} on ${ci.name}`, ci.branch && `branch ${ci.branch}`, ci.commit && `commit ${ci.commit.slice(0, 12)}`, ci.buildUrl];
  return parts.filter(Boolean).join(', ');
}
