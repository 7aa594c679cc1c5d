/**
 * @module matrix/npm-flags
 * npm's default retries back off for over a minute when the registry is unreachable; the matrix would rather fall
 * back to its cache (or say so) within seconds.
 */
export const NPM_FAIL_FAST = ['--fetch-retries=1', '--fetch-retry-mintimeout=1000', '--fetch-retry-maxtimeout=2000', '--fetch-timeout=30000'];
