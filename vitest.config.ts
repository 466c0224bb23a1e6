import { defineConfig } from 'vitest/config';
import { systemComponents } from './test/helpers/system-reporter.js';

export default defineConfig({
  // One closing line on tests skipped for a missing system component (test/helpers/system.ts).
  plugins: [systemComponents()],
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/helpers/setup.ts'],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
