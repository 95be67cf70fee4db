import type { ExecutionContext } from '../api/schemas.js';
import type { OctomindSettings } from '../config.js';

/**
 * The execution context sent with execute. `auto` detection of CI systems is not built yet; until
 * then `auto` and `manual` both send a manual context that says where the run came from.
 */
export function executionContext(setting: OctomindSettings['context'], projectName: string): ExecutionContext {
  if (typeof setting === 'object') return setting;
  return { source: 'manual', description: `playwright-octomind (project ${projectName})` };
}
