import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'lib/**/*.test.ts', 'codemods/**/*.test.ts', 'shims/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    // Behaviour tests start real HTTP servers and matrix tests spawn npm: give them room.
    testTimeout: 60_000,
    // Express 4 prints a deprecation for every legacy call the fixtures make on purpose
    env: { NO_DEPRECATION: 'express,body-parser' },
    hookTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
