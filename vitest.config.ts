import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/unit/**/*.test.ts', 'test/conformance/**/*.test.ts'],
    testTimeout: 30000,
    globalSetup: ['test/global-setup.ts'],
  },
});
