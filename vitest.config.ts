import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Integration suites each run their own host (a Java process): two at a time on 2 cores.
    maxWorkers: 2,
  },
});
