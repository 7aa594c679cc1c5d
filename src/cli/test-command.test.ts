import { describe, expect, it } from 'vitest';
import { parseTestCommand } from './test-command.ts';

describe('the test command after --', () => {
  it('is argv as given, without a shell', () => {
    expect(parseTestCommand(['npx', 'mocha', '--require', 'test/setup.js'])).toEqual(['npx', 'mocha', '--require', 'test/setup.js']);
    expect(parseTestCommand(['jest'])).toEqual(['jest']);
  });

  it('is the default when absent', () => {
    expect(parseTestCommand(undefined)).toBeUndefined();
    expect(parseTestCommand([])).toBeUndefined();
  });

  it('runs one argument that is a whole command line through sh, as npm runs scripts', () => {
    expect(parseTestCommand(['npm run test:ci'])).toEqual(['sh', '-c', 'npm run test:ci']);
    expect(parseTestCommand(['mocha test/*.js && node check.js'])).toEqual(['sh', '-c', 'mocha test/*.js && node check.js']);
  });

  it('refuses arguments that still carry the quotes a shell would have removed, and says how to pass them', () => {
    expect(() => parseTestCommand(['node', '"/ci/run.js"', "'--require x'"])).toThrow(/argument "\/ci\/run\.js" still has its quotes.*-- "node run\.js --require x"/);
  });
});
