import { describe, expect, it } from 'vitest';
import { createSegscopeApi } from '../../../core/api/api.js';
import { invokeApi } from '../../../core/api/schemas.js';
import { checkNamespace } from '../../../core/layouts/namespace.js';
import { DEFAULT_NAMESPACE, NAMESPACE_NAME_RULE } from '../../../core/model/namespace-id.js';

/** The message of what `run` throws, or null when it returns. */
async function refusal(run: () => unknown): Promise<string | null> {
  try {
    await run();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe("a namespace name: one rule, for the API's schema and the layouts", () => {
  const api = createSegscopeApi({ dir: null, layout: null, namespace: DEFAULT_NAMESPACE, remote: { kind: 'none' } });
  const select = (namespace: string) => refusal(() => invokeApi(api, 'selectNamespace', { namespace }));

  it('both refuse what the rule refuses, and say the rule', async () => {
    for (const bad of ['a b', 'x'.repeat(129), 'tenant/é']) {
      expect(await select(bad)).toContain(NAMESPACE_NAME_RULE);
      expect(await refusal(() => checkNamespace(bad.split('/').at(-1) ?? bad))).toContain(NAMESPACE_NAME_RULE);
    }
  });

  it('both pass the longest name and every character the rule allows', async () => {
    for (const good of ['x'.repeat(128), 'a_b.c:d-E9']) {
      expect(checkNamespace(good)).toBe(good);
      // Anything that still refuses the call (no directory is open) is the workspace, not the schema.
      expect((await select(good)) ?? '').not.toContain(NAMESPACE_NAME_RULE);
      expect((await select(`sqld/${good}`)) ?? '').not.toContain(NAMESPACE_NAME_RULE);
    }
  });
});
