import { describe, expect, it } from 'vitest';
import { ambiguousNamespace } from '../../../core/model/namespace-id.js';
import { DIFF_WORDS, QUERY_WORDS } from '../../../core/timetravel/point-database.js';
import { inScreenWords } from '../../../renderer/src/screen-words.js';

describe("core's messages in the screen's words", () => {
  it('a name two layouts hold: pick it in Sources, not --namespace', () => {
    const { message } = ambiguousNamespace('default', ['libsql-wal/default', 'bottomless/default']);
    expect(message).toMatch(/ with --namespace$/);
    expect(inScreenWords(message)).toBe(
      'namespace "default" is in 2 layouts here (libsql-wal/default, bottomless/default): name one by its id ' +
        'with the namespaces in Sources',
    );
  });

  it("an earlier point: the pickers' controls, not --at-frame, --from and --to", () => {
    expect(inScreenWords(QUERY_WORDS.earlier)).toBe('query an earlier point with “Frame or time”');
    expect(inScreenWords(DIFF_WORDS.earlier)).toBe('compare earlier points with “From point” and “To point”');
  });

  it('leaves a path or a name holding "--" as it is, and an option the screen has no control for', () => {
    const message = 'the destination already exists: /tmp/--replace/a--replace.seg; fix --generation';
    expect(inScreenWords(message)).toBe(message);
  });
});
