// Lint: TypeScript and Vue rules, plus the layer rules of docs/architecture.md enforced as import restrictions.
import tseslint from 'typescript-eslint';
import pluginVue from 'eslint-plugin-vue';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** Patterns that name another layer of src-main from inside one layer. */
const layer = (name) => [`**/${name}/**`, `../${name}/*`, `../../${name}/*`, `../../../${name}/*`];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', '.tools/**', 'dist/**', 'test-results/**', 'playwright-report/**'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    // core/ is pure: no Electron, no Node built-ins, no native modules, no other layer.
    files: ['src-main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron', 'serialport', 'onnxruntime-node', 'ws'].map((name) => ({
          name,
          message: 'src-main/core is pure TypeScript: no I/O, Electron, Node built-ins or native modules.',
        })),
        patterns: [{
          group: [...layer('contract'), ...layer('engine'), ...layer('services'), ...layer('electron'), ...layer('host'), ...layer('cli'), '@serialport/*'],
          message: 'src-main/core may import only from src-main/core.',
        }],
      }],
      'no-restricted-globals': ['error', 'process', 'require', 'Buffer', 'setTimeout', 'setInterval'],
    },
  },
  {
    files: ['src-main/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron'].map((name) => ({ name, message: 'contract/ is shared with the renderer.' })),
        patterns: [{ group: [...layer('engine'), ...layer('services'), ...layer('electron'), ...layer('host'), ...layer('cli')], message: 'contract/ may import core/ types only.' }],
      }],
    },
  },
  {
    files: ['src-main/engine/**/*.ts', 'src-main/services/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'engine/ and services/ run under plain Node too.' }],
        patterns: [{ group: [...layer('electron'), ...layer('host'), ...layer('cli')], message: 'engine/ and services/ may import core/ and contract/ (and each other through contract types).' }],
      }],
    },
  },
  {
    files: ['src-main/host/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The headless host runs without Electron.' }], patterns: [{ group: layer('electron'), message: 'host/ may not import electron/.' }] }],
    },
  },
  {
    files: ['src-main/cli/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'The CLI runs without Electron.' }], patterns: [{ group: layer('electron'), message: 'cli/ may not import electron/.' }] }],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,vue}'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [...nodeBuiltins, 'electron'].map((name) => ({ name, message: 'The renderer has no Node access; use the contract client.' })),
        patterns: [{ group: ['**/src-main/core/**', '**/src-main/engine/**', '**/src-main/services/**', '**/src-main/electron/**', '**/src-main/host/**', '**/src-main/cli/**'], message: 'The renderer may import src-main/contract only.' }],
      }],
    },
  },
);
