import { readFileSync } from 'node:fs';
import type { ExecutionContext } from '../api/schemas.js';
import { executionContext, type ContextSetting } from './detect.js';

/** A missing or unreadable event payload only makes the context poorer, never stops the run. */
function readEvent(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

export function runContext(setting: ContextSetting, env: Record<string, string | undefined> = process.env): ExecutionContext {
  return executionContext(setting, env, readEvent);
}
