import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: PGlite (WASM) instances are heavy, so keep the worker count small.
    maxWorkers: 2,
  },
});
