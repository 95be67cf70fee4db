/** One fake Octomind (with a key no output could contain by chance) and one fixture project per test file. */
import { afterAll, beforeAll } from 'vitest';
import { startFakeOctomind, type FakeOctomind, type FakeOctomindOptions } from '../../fixtures/fake-octomind/server.js';
import { prepareProject, uniqueApiKey, type Project } from './harness.js';

export function useFixture(fixture: string, fakeOptions: FakeOctomindOptions = {}): { readonly fake: FakeOctomind; readonly project: Project } {
  const holder = {} as { fake: FakeOctomind; project: Project };
  beforeAll(async () => {
    holder.fake = await startFakeOctomind({ apiKey: uniqueApiKey(), ...fakeOptions });
    holder.project = prepareProject(fixture);
  });
  afterAll(async () => {
    await holder.fake?.close();
    holder.project?.cleanup();
  });
  return holder;
}
