/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API the dev server (and `vite preview`) forwards to. The browser only ever talks to the
// Vite origin, so the session cookie stays first-party and SameSite=Strict holds.
const api = process.env.GAPSCOPE_API ?? 'http://127.0.0.1:8080';
const proxy = {
  '/api': { target: api },
  '/healthz': { target: api },
};

export default defineConfig({
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: 'dist',
    // echarts is split into its own chunk by the dynamic import in src/charts/echarts.ts.
    chunkSizeWarningLimit: 700,
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
  },
});
