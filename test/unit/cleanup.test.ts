/**
 * Run state never outlives its process: state dirs carry their owner's pid, and a start sweeps the
 * dirs of dead owners (a SIGKILL, a crash) while leaving live owners' and foreign dirs alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, ownerPid, STATE_DIR_PREFIX, sweepStaleStateDirs } from '../../src/run/cleanup.js';
import { StateDir } from '../../src/run/state.js';

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
