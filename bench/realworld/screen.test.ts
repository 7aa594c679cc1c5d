import { describe, expect, it } from 'vitest';
import { expressRange, fastifyPin, githubRepo, majorRange, runsFastify4, screenScripts, snapshotNames } from './screen.ts';

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

describe('majorRange', () => {
  it('reads any package against its old major', () => {
    expect(majorRange({ devDependencies: { fastify: '^4.26.2' } }, 'fastify', 4)).toEqual({ range: '^4.26.2', onlyOld: true });
    expect(majorRange({ devDependencies: { fastify: '^4.0.0 || ^5.0.0' } }, 'fastify', 4).onlyOld).toBe(false);
    expect(majorRange({ devDependencies: { express: '^4.0.0' } }, 'fastify', 4)).toEqual({ onlyOld: false });
  });
});

describe('fastifyPin (Fastify round 1, condition 0)', () => {
  const repository = 'git+https://github.com/someone/plugin.git';
  it('pins the newest Fastify 4-only version that carries a gitHead', () => {
    const pin = fastifyPin({ versions: {
      '1.0.0': { devDependencies: { fastify: '^4.0.0' }, gitHead: 'a'.repeat(40), repository },
      '1.2.0': { devDependencies: { fastify: '^4.10.0' }, gitHead: 'b'.repeat(40), repository },
      '1.3.0': { devDependencies: { fastify: '^4.20.0' }, repository },
      '2.0.0': { devDependencies: { fastify: '^5.0.0' }, gitHead: 'c'.repeat(40), repository },
    } });
    expect(pin).toEqual({ candidate: true, version: '1.2.0', commit: 'b'.repeat(40), range: '^4.10.0', repository });
  });

  it('without any gitHead, names the newest qualifying release for its tag', () => {
    const pin = fastifyPin({ versions: {
      '9.0.0': { peerDependencies: { fastify: '4.x' } },
      '10.0.0-rc.1': { peerDependencies: { fastify: '4.x' } },
      '11.0.0': { peerDependencies: { fastify: '5.x' } },
    } });
    expect(pin).toMatchObject({ candidate: true, version: '10.0.0-rc.1', commit: undefined });
  });

  it('is no candidate when no version is on Fastify 4 alone', () => {
    expect(fastifyPin({ versions: { '1.0.0': { dependencies: { fastify: '^3.0.0' } }, '2.0.0': { dependencies: { fastify: '>=4' } } } })).toEqual({ candidate: false });
  });
});

describe('Fastify round 2: apps from the registry snapshot', () => {
  it('lists the packages whose name or summary says fastify, most downloaded first', () => {
    const tsv = ['name\tversion\tdownloads_a_month\tsummary', 'a\t1.0.0\t10\tA Fastify server', 'b\t1.0.0\t500\tunrelated', 'fastify-c\t1.0.0\t90\t', 'd\t1.0.0\t300\tbuilt on FASTIFY'].join('\n');
    expect(snapshotNames(tsv, 'fastify', 10)).toEqual(['d', 'fastify-c', 'a']);
    expect(snapshotNames(tsv, 'fastify', 1)).toEqual(['d']);
  });

  it('takes a version that runs Fastify 4 itself, not a plugin or a 5.x one', () => {
    expect(runsFastify4({ dependencies: { fastify: '^4.21.0' } })).toBe(true);
    expect(runsFastify4({ dependencies: { fastify: '^4.21.0', 'fastify-plugin': '^4.0.0' } })).toBe(false);
    expect(runsFastify4({ dependencies: { fastify: '^4.21.0' }, peerDependencies: { fastify: '4.x' } })).toBe(false);
    expect(runsFastify4({ dependencies: { fastify: '^4.0.0 || ^5.0.0' } })).toBe(false);
    expect(runsFastify4({ devDependencies: { fastify: '^4.0.0' } })).toBe(false);
    const packument = { versions: { '2.0.0': { dependencies: { fastify: '^5.0.0' } }, '1.1.0': { dependencies: { fastify: '^4.0.0' }, gitHead: 'a'.repeat(40) } } };
    expect(fastifyPin(packument, runsFastify4)).toMatchObject({ candidate: true, version: '1.1.0', commit: 'a'.repeat(40) });
  });
});

