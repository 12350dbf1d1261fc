import { describe, expect, it } from 'vitest';
import { ProblemLog } from '../../../core/format/problem.js';

describe('the problem log', () => {
  it('keeps the first problem of a code and counts the others, writing a message given as a function once', () => {
    const log = new ProblemLog();
    const written: number[] = [];
    for (let frame = 1; frame <= 1000; frame++)
      log.add('FRAME_ORDER', () => {
        written.push(frame);
        return `frame ${frame} holds page 0`;
      });
    log.warn('TRAILING_DATA', 'an uncommitted tail');
    expect(written).toEqual([1]);
    expect(log.list()).toEqual([
      { code: 'FRAME_ORDER', severity: 'error', message: 'frame 1 holds page 0 (and 999 more like it)' },
      { code: 'TRAILING_DATA', severity: 'warning', message: 'an uncommitted tail' },
    ]);
  });
});
