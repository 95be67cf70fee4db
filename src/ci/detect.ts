/**
 * The execution context sent with execute. `auto` picks the richest context the CI allows:
 * GitHub Actions and Azure Pipelines (with a token) get their own, with which Octomind comments on
 * the pull request; every other CI, and a developer machine, get `manual` with a description that
 * leads back to the build.
 */
import type { ExecutionContext } from '../api/schemas.js';
import { azureContext, isAzurePipelines } from './azure.js';
import type { CiEnv, ReadEvent } from './env.js';
import { githubContext, isGitHubActions } from './github.js';
import { manualDescription } from './manual.js';

export type ContextSetting = 'auto' | 'manual' | ExecutionContext;

const MANUAL_DESCRIPTION = 'playwright-octomind';

export function executionContext(setting: ContextSetting, env: CiEnv, readEvent: ReadEvent): ExecutionContext {
  if (typeof setting === 'object') return setting;
  const manual: ExecutionContext = { source: 'manual', description: manualDescription(env, MANUAL_DESCRIPTION) };
  if (setting === 'manual') return manual;
  if (isGitHubActions(env)) return githubContext(env, readEvent) ?? manual;
  if (isAzurePipelines(env)) return azureContext(env) ?? manual;
  return manual;
}
