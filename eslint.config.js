import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The folders of core/, bottom first: a module imports only from its own folder or one listed
 * before it. core/'s root helpers (errors.ts, progress.ts, …), sqlite/ and transport/ sit below
 * them all. cli/ is last because `segscope serve` starts the server.
 */
const CORE_LAYERS = [
  'model',
  'format',
  'storage',
  'layouts',
  'backend',
  'inspect',
  'restore',
  'timetravel',
  'workload',
  'api',
  'server',
  'cli',
];
const ROOT_FOLDERS = ['sqlite', 'transport'];

/** `no-restricted-imports` for the files of one folder (or core/'s root): every folder above it is off limits. */
function layerRule(files, above, up) {
  if (above.length === 0) return [];
  // `\x2F` is a slash: the selector's regular expression cannot hold one literally.
  const upward = `^${up}(${above.join('|')})(\\x2F|$)`;
  const message = `core/ imports only go down (${CORE_LAYERS.join(' < ')}): move the shared piece down instead.`;
  return [
    {
      files,
      rules: {
        'no-restricted-imports': ['error', { patterns: [{ regex: upward, message }] }],
        // The same for import(), which loads a module only when it is needed.
        'no-restricted-syntax': ['error', { selector: `ImportExpression[source.value=/${upward}/]`, message }],
      },
    },
  ];
}

const layerRules = [
  ...layerRule(['core/*.ts', ...ROOT_FOLDERS.map((f) => `core/${f}/**`)], CORE_LAYERS, '(\\.\\x2F|(\\.\\.\\x2F)+)'),
  ...CORE_LAYERS.flatMap((layer, i) => layerRule([`core/${layer}/**`], CORE_LAYERS.slice(i + 1), '(\\.\\.\\x2F)+')),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'test-results/**', '.bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // The command's entry is CommonJS (bin/segscope.cjs says why).
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The command-line front and benchmarks talk to a terminal on purpose.
    files: ['core/cli/**', 'test/**', 'bin/**', 'electron/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  ...layerRules,
);
