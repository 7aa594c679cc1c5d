import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import pack from './index.ts';

const SOURCE = `const express = require('express');
const app = express();
const orders = express.Router();

function showOrder(req, res) {
  res.json({ id: req.params.id, host: req.host });
}

app.get('/api/tenant', (req, res) => res.json({ tenant: req.host }));
app.post('/api/orders', express.json(), (req, res) => res.send(201));
orders.get('/:id(\\\\d+)', showOrder);
app.use('/orders', orders);
app.get('title');
const cache = new Map();
cache.get('/api/tenant', () => 1);
`;

function routesOf(text: string) {
  const sourceFile = ts.createSourceFile('app.js', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const routes = pack.routes!(sourceFile, pack.analyze(sourceFile, { target: 'both', assumeHandlers: false }));
  const line = (offset: number) => sourceFile.getLineAndCharacterOfPosition(offset).line + 1;
  return routes.map((route) => ({ ...route, lines: route.handlers.map(({ start, end }) => [line(start), line(end)]) }));
}

describe('the routes replay matches requests to', () => {
  it("are an app's and a router's registrations with a literal path, with the lines of the functions that answer them", () => {
    expect(routesOf(SOURCE).map(({ label, method, lines }) => [label, method, lines])).toEqual([
      ['GET /api/tenant', 'GET', [[9, 9]]],
      ['POST /api/orders', 'POST', [[10, 10]]],
      ['GET /:id(\\d+)', 'GET', [[5, 7]]],
    ]);
  });

  it('match as Express 4 matches, a router\'s wherever it may be mounted', () => {
    const [tenant, orders, order] = routesOf(SOURCE);
    expect([tenant!.matches('/api/tenant'), tenant!.matches('/api/tenant/'), tenant!.matches('/API/Tenant'), tenant!.matches('/api/tenants')]).toEqual([true, true, true, false]);
    expect(orders!.matches('/api/orders')).toBe(true);
    expect([order!.matches('/orders/12'), order!.matches('/v1/orders/12'), order!.matches('/orders/abc')]).toEqual([true, true, false]);
  });
});
