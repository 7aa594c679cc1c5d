/**
 * Generates a realistic, deterministic corpus: Express apps, routers and middleware (some with Express-4-only
 * calls), plus the larger part of any real codebase that has nothing to do with Express: utilities, services with
 * redis and WebSocket clients, React components and tests. The dense corpus is a large legacy app instead: most
 * files are Express code, most handlers use Express 4 forms, and a fifth of the files are the rules' own fixture
 * inputs, so every rule has sites to find and fix.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fastifyPlugin, fastifyRoutes, fastifyServer } from './_corpus-fastify.ts';

/** mulberry32: a tiny seeded PRNG, so the same size always gives the same corpus. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One file's text; `legacy` is how often a line takes its old-major form. */
export type Gen = (n: number, pick: <T>(xs: T[]) => T, chance: (p: number) => boolean, legacy: number) => string;

/** How often a handler line takes its Express 4 form: a typical service, or a large legacy app (dense). */
let legacyShare = 0.15;

const resources = ['users', 'orders', 'invoices', 'products', 'carts', 'sessions', 'reports', 'teams', 'projects', 'comments'];

const handlerBody = (n: number, pick: <T>(xs: T[]) => T, chance: (p: number) => boolean) => {
  const legacy = [
    `    if (!item) return res.send(404);`,
    `    res.json(item, 201);`,
    `    const page = req.param('page');`,
    `    return res.redirect('back');`,
    `    res.send(500, { error: 'failed' });`,
  ];
  const modern = [
    `    if (!item) return res.status(404).json({ error: 'not found' });`,
    `    res.json(item);`,
    `    const page = Number(req.query.page ?? 1);`,
    `    res.set('Cache-Control', 'no-store');`,
  ];
  const lines = [`    const item = await store${n}.find(req.params.id);`];
  // each line once: babel (jscodeshift) rejects a redeclared const, TypeScript's parser would not
  const used = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const line = chance(legacyShare) ? pick(legacy) : pick(modern);
    if (!used.has(line)) lines.push(line);
    used.add(line);
  }
  lines.push(`    res.json({ ok: true, id: item.id });`);
  return lines.join('\n');
};

const expressApp: Gen = (n, pick, chance) => {
  const r = pick(resources);
  const path = chance(legacyShare + 0.05) ? `'/${r}/:id?'` : chance(legacyShare) ? `'/${r}/*'` : `'/${r}/:id'`;
  return `'use strict';
const express = require('express');
const helmet = require('helmet');
const { store${n} } = require('../stores/${r}');

const app = express();
app.use(express.json());
app.use(helmet());

app.get(${path}, async (req, res, next) => {
  try {
${handlerBody(n, pick, chance)}
  } catch (err) {
    next(err);
  }
});

app.${chance(legacyShare) ? 'del' : 'delete'}('/${r}/:id', async (req, res) => {
  await store${n}.remove(req.params.id);
  res.sendStatus(204);
});

app.use((err, req, res, next) => {
  console.error(err);
  res.status(err.status || 500).json({ error: err.message });
});

module.exports = app;
`;
};

const tsRouter: Gen = (n, pick, chance) => {
  const r = pick(resources);
  return `import { Router, type Request, type Response, type NextFunction } from 'express';
import { ${r}Service } from '../services/${r}-service';

export const ${r}Router${n} = Router();

function requireAuth(req: Request, res: Response, next: NextFunction) {
  if (!req.headers.authorization) return res.status(401).json({ error: 'unauthorized' });
  next();
}

${r}Router${n}.get('/', requireAuth, async (req: Request, res: Response) => {
  const limit = Math.min(Number(req.query.limit ?? 20), 100);
  const rows = await ${r}Service.list({ limit, cursor: String(req.query.cursor ?? '') });
  res.json({ rows, next: rows.length === limit ? rows[rows.length - 1].id : null });
});

${r}Router${n}.post('/', requireAuth, async (req: Request, res: Response) => {
  const created = await ${r}Service.create(req.body);
  ${chance(legacyShare) ? 'res.json(created, 201);' : 'res.status(201).json(created);'}
});

${r}Router${n}.get('/:id', async (req: Request, res: Response) => {
  const row = await ${r}Service.get(req.params.id);
  if (!row) return ${chance(legacyShare) ? 'res.send(404)' : 'res.sendStatus(404)'};
  res.json(row);
});
`;
};

const middleware: Gen = (n, _pick, chance) => `const crypto = require('crypto');

module.exports = function requestId${n}(options = {}) {
  const header = options.header || 'X-Request-Id';
  return function (req, res, next) {
    const id = req.get(header) || crypto.randomUUID();
    req.id = id;
    res.set(header, id);
    ${chance(legacyShare + 0.05) ? "if (req.acceptsEncoding('gzip')) res.vary('Accept-Encoding');" : "res.vary('Accept-Encoding');"}
    next();
  };
};
`;

const utility: Gen = (n) => `/** Formatting helpers ${n}. */
export function formatMoney${n}(cents: number, currency = 'EUR'): string {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency }).format(cents / 100);
}

export function slugify${n}(title: string): string {
  return title
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function chunk${n}<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export const retry${n} = async <T>(fn: () => Promise<T>, attempts = 3): Promise<T> => {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await fn();
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 2 ** i * 100));
    }
  }
  throw last;
};
`;

const service: Gen = (n, pick) => {
  const r = pick(resources);
  return `const { createClient } = require('redis');
const WebSocket = require('ws');

class ${r[0]!.toUpperCase() + r.slice(1)}Cache${n} {
  constructor(url) {
    this.client = createClient({ url });
    this.ws = new WebSocket(process.env.EVENTS_URL);
  }

  async invalidate(id) {
    await this.client.del('${r}:' + id);
    this.ws.send(JSON.stringify({ type: '${r}.invalidated', id }));
  }

  async get(id) {
    const raw = await this.client.get('${r}:' + id);
    return raw ? JSON.parse(raw) : null;
  }

  ping() {
    this.ws.send(42);
  }
}

module.exports = ${r[0]!.toUpperCase() + r.slice(1)}Cache${n};
`;
};

const component: Gen = (n, pick) => {
  const r = pick(resources);
  return `import React, { useEffect, useState } from 'react';

type Row = { id: string; name: string };

export function ${r[0]!.toUpperCase() + r.slice(1)}List${n}({ endpoint }: { endpoint: string }) {
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    fetch(endpoint)
      .then((res) => (res.ok ? res.json() : Promise.reject(new Error(res.statusText))))
      .then((data) => setRows(data.rows))
      .catch((e: Error) => setError(e.message));
  }, [endpoint]);

  if (error) return <p className="error">{error}</p>;
  return (
    <ul>
      {rows.map((row) => (
        <li key={row.id} onClick={() => console.log(row.id)}>
          {row.name}
        </li>
      ))}
    </ul>
  );
}
`;
};

const testFile: Gen = (n) => `import { describe, expect, it } from 'vitest';
import { chunk${n}, slugify${n} } from '../src/format-${n}';

describe('format ${n}', () => {
  it('slugifies titles', () => {
    expect(slugify${n}('Hello, World!')).toBe('hello-world');
  });

  it('chunks arrays', () => {
    expect(chunk${n}([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });
});
`;

/** The rules' fixture inputs (fixtures/<pack>/<rule>/<case>.input.*), in a fixed order: every rule's sites. */
function fixtureInputs(pack: Pack): Array<{ text: string; ext: string }> {
  const root = path.join(import.meta.dirname, '../fixtures', pack);
  return readdirSync(root)
    .sort()
    .flatMap((rule) =>
      readdirSync(path.join(root, rule))
        .filter((file) => file.includes('.input.'))
        .sort()
        .map((file) => ({ text: readFileSync(path.join(root, rule, file), 'utf8'), ext: file.slice(file.indexOf('.input.') + '.input.'.length) })),
    );
}

/** [generator, extension, weight, folder]: about a quarter of a typical service's files touch Express. */
const KINDS: Array<[Gen, string, number, string]> = [
  [expressApp, 'js', 8, 'routes'],
  [tsRouter, 'ts', 10, 'routers'],
  [middleware, 'js', 6, 'middleware'],
  [utility, 'ts', 30, 'lib'],
  [service, 'js', 16, 'services'],
  [component, 'tsx', 15, 'components'],
  [testFile, 'test.ts', 15, 'test'],
];

/** A large legacy app: three quarters Express code; `null` is a rule's fixture input, in turn. */
const DENSE_KINDS: Array<[Gen | null, string, number, string]> = [
  [expressApp, 'js', 25, 'routes'],
  [tsRouter, 'ts', 25, 'routers'],
  [middleware, 'js', 10, 'middleware'],
  [null, '', 20, 'legacy'],
  [utility, 'ts', 8, 'lib'],
  [service, 'js', 6, 'services'],
  [testFile, 'test.ts', 6, 'test'],
];

export type Pack = 'express' | 'fastify';

/** The Fastify service of the same shape: its framework files in the Express ones' places and weights, the rest alike. */
const FASTIFY_KINDS: typeof KINDS = [[fastifyServer, 'js', 8, 'routes'], [fastifyRoutes, 'ts', 10, 'routers'], [fastifyPlugin, 'js', 6, 'plugins'], ...KINDS.slice(3)];
const FASTIFY_DENSE_KINDS: typeof DENSE_KINDS = [[fastifyServer, 'js', 25, 'routes'], [fastifyRoutes, 'ts', 25, 'routers'], [fastifyPlugin, 'js', 10, 'plugins'], ...DENSE_KINDS.slice(3)];

/**
 * Writes `count` files under `dir` (once: reused when already there); `dense` writes the large legacy app, `pack` its
 * framework's code. A Fastify corpus declares fastify 4 in a package.json, as a real service does (the pack reads it).
 */
export function generateCorpus(dir: string, count: number, { dense = false, pack = 'express' as Pack } = {}): string {
  if (existsSync(path.join(dir, '.complete'))) return dir;
  const random = rng(count);
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  const chance = (p: number) => random() < p;
  const kinds = pack === 'fastify' ? (dense ? FASTIFY_DENSE_KINDS : FASTIFY_KINDS) : dense ? DENSE_KINDS : KINDS;
  const inputs = dense ? fixtureInputs(pack) : [];
  legacyShare = dense ? 0.8 : 0.15;
  const total = kinds.reduce((sum, [, , w]) => sum + w, 0);
  let nextInput = 0;
  for (let n = 0; n < count; n++) {
    let roll = random() * total;
    const [gen, ext, , folder] = kinds.find(([, , w]) => (roll -= w) < 0) ?? kinds[0]!;
    const sub = path.join(dir, folder, `m${n % 50}`);
    mkdirSync(sub, { recursive: true });
    const input = gen ? null : inputs[nextInput++ % inputs.length]!;
    writeFileSync(path.join(sub, `file-${n}.${input ? input.ext : ext}`), input ? input.text : gen!(n, pick, chance, legacyShare));
  }
  if (pack === 'fastify') writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: 'service', private: true, dependencies: { fastify: '^4.28.1', 'fastify-plugin': '^4.5.1' } }, null, 2)}\n`);
  writeFileSync(path.join(dir, '.complete'), '');
  return dir;
}
