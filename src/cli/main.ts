#!/usr/bin/env node
/**
 * The `playwright-octomind` command. Parses flags, checks them with the plugin's schema, and maps
 * every failure to an exit code and a message that says what to do; the API key is never printed.
 */
import { parseArgs } from 'node:util';
import { OctomindConfigError, OctomindError } from '../api/errors.js';
import { connect } from '../poll/remote-run.js';
import { doctor } from './doctor.js';
import { execute } from './execute.js';
import { cliSettings, parseOptionFlags, SETTING_FLAGS } from './flags.js';
import { EXIT, helpText } from './help.js';
import { wait } from './wait.js';

export interface CliIO {
  out: (line: string) => void;
  err: (line: string) => void;
  env: Record<string, string | undefined>;
  interrupted: Promise<void>;
}

export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        ...Object.fromEntries(SETTING_FLAGS.map((f) => [f.flag, { type: 'string' as const }])),
        'github-output': { type: 'boolean' },
        traces: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    io.err(`${(err as Error).message}\nRun \`npx playwright-octomind --help\` for the options.`);
    return EXIT.usage;
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || !command) {
    io.out(helpText());
    return parsed.values.help ? EXIT.ok : EXIT.usage;
  }
  if (command !== 'execute' && command !== 'wait' && command !== 'doctor') {
    io.err(`Unknown command "${command}": use execute, wait or doctor (npx playwright-octomind --help).`);
    return EXIT.usage;
  }
  if (command === 'doctor') {
    try {
      return await doctor(parseOptionFlags(parsed.values), { out: io.out, env: io.env });
    } catch (err) {
      if (!(err instanceof OctomindConfigError)) throw err;
      io.err(err.message);
      return EXIT.usage;
    }
  }
  if (command === 'wait' && rest.length !== 1) {
    io.err('wait needs exactly one argument, the testReportId printed by `execute`.');
    return EXIT.usage;
  }
  const apiKey = io.env.OCTOMIND_API_KEY;
  if (!apiKey) {
    io.err('OCTOMIND_API_KEY is not set. Set it to an API key of your Octomind organization (Octomind app → Settings → API keys); in CI, from a secret.');
    return EXIT.usage;
  }

  try {
    const options = parseOptionFlags(parsed.values);
    const settings = cliSettings(command === 'wait' ? { ...options, testReportId: rest[0]! } : options, io.env);
    const client = connect(settings, apiKey, io.err);
    try {
      if (command === 'execute') return await execute(client, settings, parsed.values['github-output'] === true, io);
      return await wait(client, settings, parsed.values.traces, { out: io.out, warn: io.err, interrupted: io.interrupted });
    } finally {
      await client.close();
    }
  } catch (err) {
    if (err instanceof OctomindConfigError) {
      io.err(err.message);
      return EXIT.usage;
    }
    if (err instanceof OctomindError) {
      io.err(`${err.name} (${err.code}): ${err.message}`);
      return EXIT.octomind;
    }
    throw err;
  }
}

if (require.main === module) {
  const interrupted = new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  runCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    interrupted,
  }).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`playwright-octomind: unexpected error: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(EXIT.internal);
    },
  );
}
