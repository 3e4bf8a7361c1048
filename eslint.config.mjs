import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'
import eslintConfigPrettier from 'eslint-config-prettier/flat'

// Dependencies run one way: domain <- database <- templates <- electron/api <- electron/main and the
// command line; the window imports the domain at runtime and the rest only as types (DESIGN.md, Layout).
const nodeAndElectron = [
  { group: ['node:*'], message: 'The domain runs in the window too: no Node.' },
  {
    regex: '^(fs|path|os|crypto|child_process|worker_threads|better-sqlite3|kysely|electron)(/|$)',
    message: 'The domain is pure: no Node, database driver or Electron.',
  },
]
const noElectron = { regex: '^electron$', message: "Only electron/main imports 'electron'." }
const noElectronFolder = { regex: '(^|/)electron/', message: 'Only electron/main and the command line stand on electron/.' }
// The import aliases (@/, @domain/, ~/) are the window's; elsewhere they would hide an arrow.
const noAlias = { regex: '^(@|@domain|~)/', message: "The import aliases are the window's: import by relative path." }
const restrict = (patterns) => ({ '@typescript-eslint/no-restricted-imports': ['error', { patterns }] })
const arrows = [
  {
    files: ['database/domain/*.ts'],
    rules: restrict([{ regex: '^\\.\\./', message: 'database/domain imports nothing of the project outside itself.' }, noAlias, ...nodeAndElectron]),
  },
  {
    files: ['database/domain/*/**/*.ts'],
    rules: restrict([{ regex: '^\\.\\./\\.\\./', message: 'database/domain imports nothing of the project outside itself.' }, noAlias, ...nodeAndElectron]),
  },
  {
    files: ['database/**/*.ts'],
    ignores: ['database/domain/**'],
    rules: restrict([
      noElectron,
      noElectronFolder,
      noAlias,
      { regex: '(^|/)(templates|renderer)/', allowTypeImports: true, message: 'database/ stands below templates/: types only.' },
    ]),
  },
  {
    files: ['templates/**/*.ts'],
    rules: restrict([noElectron, noElectronFolder, noAlias, { regex: '(^|/)renderer/', message: 'templates/ do not import the window.' }]),
  },
  {
    files: ['electron/api/**/*.ts'],
    rules: restrict([
      noElectron,
      noAlias,
      { regex: '(^|/)(main|cli|preload)/', message: 'electron/api stands below electron/main and the command line.' },
      { regex: '(^|/)renderer/', message: 'electron/api does not import the window.' },
    ]),
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    rules: {
      // tsconfig.web.json still loads Node's types (the window's type graph reaches electron/api's
      // handlers, and better-sqlite3's types pull them in regardless), so lint keeps Node's globals out.
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'global', '__dirname', '__filename', 'require', 'module', 'exports', 'setImmediate', 'clearImmediate'].map((name) => ({
          name,
          message: 'The window has no Node.',
        })),
      ],
    },
  },
  {
    files: ['renderer/**/*.{ts,vue}'],
    rules: restrict([
      ...nodeAndElectron,
      {
        regex: '(^|/)(electron|templates)/',
        allowTypeImports: true,
        message: 'The window imports electron/api and templates/ as types only; values come over window.amif.',
      },
      // `~/` (the project root) keeps the folder in the path, so these match aliased imports too.
      {
        regex: '(^|/)database/(?!domain/)',
        allowTypeImports: true,
        message: 'The window imports database/domain at runtime, the rest of database/ as types only.',
      },
    ]),
  },
]

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'release/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'tests/artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    // vue-tsc checks names in SFCs (DOM globals included), as tsc does for .ts files.
    rules: { 'no-undef': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
    },
  },
  ...arrows,
  // Formatting is Prettier's (npm run format; checked by npm run lint): no style rule may disagree with it.
  eslintConfigPrettier,
)
