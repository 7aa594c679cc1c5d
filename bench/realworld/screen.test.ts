import { describe, expect, it } from 'vitest';
import { expressRange, githubRepo, screenScripts } from './screen.ts';

describe('expressRange (condition 1)', () => {
  it.each([
    [{ dependencies: { express: '^4.17.1' } }, true],
    [{ devDependencies: { express: '4.22.1' } }, true],
    [{ peerDependencies: { express: '^4.0.0 || ^5.0.0' } }, false],
    [{ dependencies: { express: '^5.1.0' } }, false],
    [{ dependencies: { express: '*' } }, false],
    [{ dependencies: { express: 'github:expressjs/express' } }, false],
    [{ dependencies: { koa: '^2.0.0' } }, false],
  ])('%j → Express 4 only: %s', (manifest, express4) => {
    expect(expressRange(manifest).express4).toBe(express4);
  });

  it('reads the first field that names express, in dependency order', () => {
    expect(expressRange({ dependencies: { express: '^4.18.0' }, devDependencies: { express: '^5.0.0' } }).range).toBe('^4.18.0');
  });
});

describe('githubRepo', () => {
  it.each([
    ['git+https://github.com/pillarjs/cookies.git', 'pillarjs/cookies'],
    ['git@github.com:octokit/app.js.git', 'octokit/app.js'],
    ['https://github.com/vercel/vercel/tree/main/packages/cli', 'vercel/vercel'],
    ['github:expressjs/cors', 'expressjs/cors'],
    ['expressjs/multer', 'expressjs/multer'],
    ['https://gitlab.com/someone/thing.git', undefined],
  ])('%s → %s', (url, repo) => {
    expect(githubRepo(url)).toBe(repo);
    expect(githubRepo({ url })).toBe(repo);
  });
});

describe('screenScripts (conditions 2 and 3)', () => {
  it('fails `tests` without a test script or with npm placeholder', () => {
    expect(screenScripts({})).toBe('tests');
    expect(screenScripts({ scripts: { test: 'echo "Error: no test specified" && exit 1' } })).toBe('tests');
  });

  it('fails `no-service` on a database client, naming it', () => {
    expect(screenScripts({ scripts: { test: 'mocha' }, dependencies: { mongoose: '^8.0.0' } })).toBe('no-service (mongoose)');
  });

  it('lets sequelize and knex through only with sqlite', () => {
    expect(screenScripts({ scripts: { test: 'jest' }, dependencies: { knex: '^3.0.0' } })).toBe('no-service (knex)');
    expect(screenScripts({ scripts: { test: 'jest' }, dependencies: { knex: '^3.0.0' }, devDependencies: { sqlite3: '^5.0.0' } })).toBeUndefined();
  });
});
