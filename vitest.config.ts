import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'codemods/**/*.test.ts', 'shims/**/*.test.ts', 'test/**/*.test.ts'],
    // Behaviour tests start real HTTP servers and matrix tests spawn npm: give them room.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
