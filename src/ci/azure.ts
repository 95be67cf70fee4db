/**
 * Azure Pipelines → Octomind's `azureDevOps` context, with which Octomind comments on the pull
 * request. It needs an access token, which Azure exposes only when the pipeline maps it
 * (`env: { SYSTEM_ACCESSTOKEN: $(System.AccessToken) }`); without one, the run is `manual`.
 */
import type { ExecutionContext } from '../api/schemas.js';
import type { CiEnv } from './env.js';

export function isAzurePipelines(env: CiEnv): boolean {
  return env.TF_BUILD?.toLowerCase() === 'true';
}

/** On a pull request: its source commit and branch, not the merge Azure builds. */
export function azureCommit(env: CiEnv): string | undefined {
  return env.SYSTEM_PULLREQUEST_SOURCECOMMITID ?? env.BUILD_SOURCEVERSION;
}

export function azureBranch(env: CiEnv): string | undefined {
  return env.SYSTEM_PULLREQUEST_SOURCEBRANCH ?? env.BUILD_SOURCEBRANCH;
}

export function azureContext(env: CiEnv): ExecutionContext | undefined {
  const accessToken = env.SYSTEM_ACCESSTOKEN;
  const organization = /^https:\/\/(?:dev\.azure\.com\/([^/]+)|([^./]+)\.visualstudio\.com)/.exec(env.SYSTEM_COLLECTIONURI ?? '');
  const project = env.SYSTEM_TEAMPROJECT;
  const repositoryId = env.BUILD_REPOSITORY_ID;
  if (!accessToken || !organization || !project || !repositoryId) return undefined;
  const pullRequestId = env.SYSTEM_PULLREQUEST_PULLREQUESTID;
  return {
    source: 'azureDevOps',
    accessToken,
    organization: (organization[1] ?? organization[2])!,
    project,
    repositoryId,
    sha: azureCommit(env) ?? null,
    ref: azureBranch(env) ?? null,
    ...(pullRequestId && /^\d+$/.test(pullRequestId) && { pullRequestId: Number(pullRequestId) }),
  };
}
