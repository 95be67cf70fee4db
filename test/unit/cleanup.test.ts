/**
 * Run state never outlives its process: state dirs carry their owner's pid, and a start sweeps the
 * dirs of dead owners (a SIGKILL, a crash) while leaving live owners' and foreign dirs alone.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, ownerPid, STATE_DIR_PREFIX, sweepStaleStateDirs } from '../../src/state/cleanup.js';
import { StateDir } from '../../src/state/state-dir.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** The pid of a process that has exited: nothing can be running under it now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('state dir ownership', () => {
  it('a state dir is named after the process that created it', () => {
    const state = StateDir.create();
    roots.push(state.root);
    expect(ownerPid(path.basename(state.root))).toBe(process.pid);
  });

  it('isAlive tells a live process from an exited one', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(deadPid())).toBe(false);
  });

  it.runIf(process.platform === 'linux')('a killed process nobody reaps (a zombie, as under a PID 1 that is no init) counts as dead', async () => {
    // `sleep 0` exits at once; its parent then execs `sleep 30`, which never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const pid = Number((await once(parent.stdout!, 'data'))[0].toString());
      const state = () => (existsSync(`/proc/${pid}/stat`) ? readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] : 'gone');
      while (state() !== 'Z') await new Promise((resolve) => setTimeout(resolve, 10));
      expect(() => process.kill(pid, 0), 'precondition: signal 0 still finds the zombie').not.toThrow();
      expect(isAlive(pid)).toBe(false);
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('the sweep removes dead owners’ dirs only', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'sweep-test-'));
    roots.push(root);
    const dead = `${STATE_DIR_PREFIX}${deadPid()}-abc123`;
    const live = `${STATE_DIR_PREFIX}${process.pid}-def456`;
    const foreign = ['something-else', `${STATE_DIR_PREFIX}nopid`];
    for (const name of [dead, live, ...foreign]) mkdirSync(path.join(root, name, 'results'), { recursive: true });
    expect(sweepStaleStateDirs(root)).toEqual([dead]);
    expect(readdirSync(root).sort()).toEqual([live, ...foreign].sort());
  });

  it('a missing temp folder is no error', () => {
    expect(sweepStaleStateDirs(path.join(tmpdir(), 'does-not-exist-octomind'))).toEqual([]);
    expect(existsSync(path.join(tmpdir(), 'does-not-exist-octomind'))).toBe(false);
  });
});
