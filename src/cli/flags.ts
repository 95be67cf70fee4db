/**
 * The CLI's flags are the plugin's options, checked by the same schema. A flag beats its
 * environment variable (it is the more explicit of the two), which beats the default.
 */
import { DEFAULT_API_URL, DEFAULTS } from '../defaults.js';
import { formatMs } from '../text/format.js';
import { OPTION_ENV, optionFromText, resolveSettings, type OctomindOptions, type OctomindSettings, type OptionName, type SettingsSource } from '../options/options.js';

export interface FlagSpec {
  flag: string;
  option: OptionName;
  value: string;
  description: string;
}

export const SETTING_FLAGS: readonly FlagSpec[] = [
  { flag: 'test-target-id', option: 'testTargetId', value: '<uuid>', description: 'Octomind test target' },
  { flag: 'url', option: 'url', value: '<url>', description: 'deployment under test' },
  { flag: 'private-location', option: 'privateLocation', value: '<true|false>', description: 'send a localhost or private url: an Octomind private location reaches it (default: false)' },
  { flag: 'environment-name', option: 'environmentName', value: '<name>', description: 'Octomind environment (default: default)' },
  { flag: 'tags', option: 'tags', value: '<a,b>', description: 'run only test cases with one of these tags' },
  { flag: 'api-url', option: 'apiUrl', value: '<url>', description: `API base (default: ${DEFAULT_API_URL})` },
  { flag: 'api-version', option: 'apiVersion', value: '<v2|v3>', description: 'Octomind API version (default: v2)' },
  { flag: 'browser', option: 'browser', value: '<name>', description: 'CHROMIUM, FIREFOX or SAFARI (v3 only; default: CHROMIUM)' },
  { flag: 'breakpoint', option: 'breakpoint', value: '<name>', description: 'DESKTOP, MOBILE or TABLET (v3 only; default: DESKTOP)' },
  { flag: 'context', option: 'context', value: '<auto|manual>', description: 'execution context (default: auto, detects the CI)' },
  { flag: 'poll-interval-ms', option: 'pollIntervalMs', value: '<ms>', description: `report polling interval (default: ${DEFAULTS.pollIntervalMs})` },
  { flag: 'timeout-ms', option: 'timeoutMs', value: '<ms>', description: `how long to wait for the remote run (default: ${formatMs(DEFAULTS.timeoutMs)})` },
];

export function parseOptionFlags(values: Record<string, string | boolean | undefined>): OctomindOptions {
  const options: Record<string, unknown> = {};
  for (const spec of SETTING_FLAGS) {
    const raw = values[spec.flag];
    if (typeof raw === 'string') options[spec.option] = optionFromText(spec.option, raw);
  }
  return options as OctomindOptions;
}

export function cliSettings(options: OctomindOptions, env: Record<string, string | undefined>): OctomindSettings {
  const withoutOverridden = { ...env };
  for (const option of Object.keys(options) as OptionName[]) {
    const variable = OPTION_ENV[option];
    if (variable) delete withoutOverridden[variable];
  }
  return resolveSettings(options, withoutOverridden, undefined, true, CLI_SOURCE);
}

const CLI_SOURCE: SettingsSource = {
  subject: 'the command line (flags and OCTOMIND_* variables)',
  optionLabel: (name) => {
    const flag = SETTING_FLAGS.find((spec) => spec.option === name)?.flag;
    const variable = OPTION_ENV[name];
    return [flag && `--${flag}`, variable].filter(Boolean).join(' / ') || name;
  },
};
