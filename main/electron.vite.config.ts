import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));

export default defineConfig({
  main: {
    root,
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: at('out/main'),
      rollupOptions: { input: { index: at('main/index.ts') } },
    },
  },
  preload: {
    root,
    build: {
      outDir: at('out/preload'),
      rollupOptions: {
        input: { index: at('preload/index.ts') },
        // A sandboxed preload must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: at('renderer'),
    // Relative asset URLs: Electron loads the page from file://, the host from http://.
    base: './',
    plugins: [react()],
    build: {
      outDir: at('out/renderer'),
      // BLOTTER_NO_MINIFY=1: readable function names in a CPU profile of the renderer.
      minify: process.env.BLOTTER_NO_MINIFY !== '1',
      rollupOptions: { input: { index: at('renderer/index.html') } },
    },
  },
});
