import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/support/globalSetup.ts'],
    coverage: {
      provider: 'v8',
      include: [
        'shared/**/*.ts',
        'cli/**/*.ts',
        'functions/**/*.ts',
        'embedded/**/*.ts',
        'demo/**/*.ts',
        'infra/**/*.ts',
      ],
      exclude: ['**/*.d.ts'],
      reporter: ['text-summary'],
      reportsDirectory: 'coverage',
      thresholds: { lines: 93, branches: 82, statements: 92, functions: 93 },
    },
  },
});
