import { defineConfig } from 'vite';

// Module workers: the solver runs in a Web Worker so the page never freezes.
export default defineConfig({
  base: './',
  worker: { format: 'es' },
  build: { target: 'es2022', assetsInlineLimit: 0 },
  server: { fs: { allow: ['.', '../wasm/pkg'] } },
  preview: { host: '127.0.0.1' },
});
