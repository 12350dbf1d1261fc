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
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        // Type information for every file: core, electron and test through tsconfig.json, the
        // renderer through its own; the few plain JavaScript files outside both through a default project.
        projectService: { allowDefaultProject: ['bin/*.cjs', 'scripts/*.mjs', 'scripts/*.js', 'eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A promise nobody awaits loses its rejection; the code is asynchronous nearly everywhere.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      // An async method may implement an async interface with nothing to await: `async` still
      // turns a throw into a rejection, which the callers handle.
      '@typescript-eslint/require-await': 'off',
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
    // Plain JavaScript has no declared types: what it gets from Node or a JSON file is `any` to
    // the checker, so only the promise rules above apply to it.
    files: ['**/*.{js,mjs,cjs}'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // vitest's asymmetric matchers (expect.any, expect.stringMatching, …) are typed `any`.
    files: ['test/**'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off' },
  },
  {
    // The preload's errors cross the context bridge, which keeps only an Error's message; a plain
    // object keeps the code the renderer shows.
    files: ['electron/preload.ts'],
    rules: { '@typescript-eslint/only-throw-error': 'off' },
  },
  {
    // A file holds one thing: over 400 lines, split it along a seam. Prettier wraps code at 120
    // columns but not comments or long strings; these say so for every line.
    files: ['core/**/*.ts', 'electron/**/*.ts', 'renderer/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}'],
    rules: {
      'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }],
      'max-len': ['error', { code: 120, tabWidth: 2, ignoreUrls: true }],
    },
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
