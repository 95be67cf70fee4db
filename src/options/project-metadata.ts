import { settingsSchema, type OctomindSettings } from './options.js';

/**
 * The settings travel to the setup in the remote project's metadata, which reporters print (json,
 * HTML). The API key is never among them (env only); a secret inside a given context (Azure's
 * accessToken) is replaced there and handed to the setup in memory: the config is loaded in the
 * same process that runs the setup.
 */
export const METADATA_KEY = 'playwright-octomind';
const IN_MEMORY = Symbol.for('playwright-octomind.settings');
const REDACTED = '[redacted]';

type SettingsRegistry = { [IN_MEMORY]?: Map<string, OctomindSettings> };

export function isOctomindProject(project: { metadata?: unknown }): boolean {
  return typeof project.metadata === 'object' && project.metadata !== null && METADATA_KEY in project.metadata;
}

/** What goes into the project's metadata: the settings without secrets. */
export function publicSettings(settings: OctomindSettings): OctomindSettings {
  const registry = ((globalThis as SettingsRegistry)[IN_MEMORY] ??= new Map());
  registry.set(settings.projectName, settings);
  if (typeof settings.context !== 'object' || !('accessToken' in settings.context)) return settings;
  return { ...settings, context: { ...settings.context, accessToken: REDACTED } };
}

export function settingsOf(project: { metadata?: unknown }): OctomindSettings {
  const shown = settingsSchema.parse((project.metadata as Record<string, unknown>)[METADATA_KEY]);
  return (globalThis as SettingsRegistry)[IN_MEMORY]?.get(shown.projectName) ?? shown;
}
