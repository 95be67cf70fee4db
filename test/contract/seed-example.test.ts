/** The documented execute example (execute-endpoint.txt) parses with the client's schemas. */
import { describe, expect, it } from 'vitest';
import { executeRequestV2Schema, executeResponseSchema } from '../../src/api/schemas.js';
import { readShared, sharedSpecPresent } from '../helpers/shared-spec.js';

/** The doc page repeats request and response; each JSON value starts at a line of its own. */
function jsonBlocks(text: string): unknown[] {
  const blocks: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const start = line.startsWith("--data '{") ? '{' : line === '{' ? '{' : undefined;
    if (!start) continue;
    let depth = 0;
    const collected: string[] = [];
    for (let j = i; j < lines.length; j++) {
      const part = j === i ? line.slice(line.indexOf('{')) : lines[j]!;
      const cleaned = part.replace(/}'$/, '}');
      collected.push(cleaned);
      depth += (cleaned.match(/[{[]/g) ?? []).length - (cleaned.match(/[}\]]/g) ?? []).length;
      if (depth === 0) {
        blocks.push(JSON.parse(collected.join('\n')));
        i = j;
        break;
      }
    }
  }
  return blocks;
}

describe.runIf(sharedSpecPresent)('seed example of execute-endpoint.txt', () => {
  const blocks = sharedSpecPresent ? jsonBlocks(readShared('execute-endpoint.txt')) : [];

  it('holds the request and the response (twice, as the page repeats them)', () => {
    expect(blocks).toHaveLength(4);
  });

  it('the request parses with the client request schema', () => {
    const parsed = executeRequestV2Schema.parse(blocks[0]);
    expect(parsed.context).toMatchObject({ source: 'github', issueNumber: 123, owner: 'repo-owner' });
    expect(parsed.variablesToOverwrite).toEqual({ SPACE_ID: ['64ee32b4-7365-47a6-b5b0-2903b6ad849d'] });
  });

  it('the response parses with the client response schema', () => {
    const parsed = executeResponseSchema.parse(blocks[1]);
    expect(parsed.testReport.id).toBe('826c15af-644b-4b28-89b4-f50ff34e46b7');
    expect(parsed.testReport.testResults?.[0]).toMatchObject({ status: 'WAITING', testCaseId: '5b844cf1-d597-4048-9e74-7c0f9ce3e2ee' });
  });
});
