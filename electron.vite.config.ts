// Build of the Electron app: main process (plus the engine utility process and the feature worker), sandboxed preload, Vue renderer.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const root = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          main: resolve(root, 'src-main/electron/main.ts'),
          engine: resolve(root, 'src-main/engine/engine-process.ts'),
          // Worker threads of the feature jobs: out/main/feature-worker.js, found by main.ts next to itself.
          'feature-worker': resolve(root, 'src-main/services/jobs/feature-worker.ts'),
          // Worker thread of the training, comparison and view jobs: out/main/compute-worker.js, passed to useComputeWorkerFile by main.ts.
          'compute-worker': resolve(root, 'src-main/services/jobs/compute-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve(root, 'src-main/electron/preload.ts') },
        // A sandboxed preload must be a single CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    base: './',
    plugins: [vue()],
    define: {
      // Vue and vue-i18n compile-time switches: no Options API, no devtools, no legacy i18n API in the bundle.
      __VUE_OPTIONS_API__: 'false',
      __VUE_PROD_DEVTOOLS__: 'false',
      __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
      __VUE_I18N_LEGACY_API__: 'false',
      __VUE_I18N_FULL_INSTALL__: 'false',
      __INTLIFY_PROD_DEVTOOLS__: 'false',
    },
    build: {
      minify: true,
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: { input: resolve(root, 'src-renderer/index.html') },
    },
  },
});
