/**
 * A registry on localhost serving local package folders (each packed with `npm pack`), so the matrix and the upgrade
 * loop install the toy framework's majors through npm as they would any package, with no name fetched from the
 * network. Point npm at it with `npm_config_registry`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

interface Tarball {
  name: string;
  version: string;
  file: string;
  manifest: Record<string, unknown>;
}

export interface LocalRegistry {
  url: string;
  close(): Promise<void>;
}

export async function serveRegistry(folders: readonly string[]): Promise<LocalRegistry> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'straddle-registry-'));
  const tarballs: Tarball[] = folders.map((folder) => {
    const [packed] = JSON.parse(execFileSync('npm', ['pack', folder, '--json', '--pack-destination', out], { encoding: 'utf8' })) as Array<{ filename: string }>;
    const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { name: string; version: string };
    return { name: manifest.name, version: manifest.version, file: path.join(out, packed!.filename), manifest };
  });
  const server = createServer((request, response) => {
    const url = decodeURIComponent(request.url ?? '/');
    const tarball = tarballs.find((t) => url === `/${t.name}/-/${path.basename(t.file)}`);
    if (tarball) return void response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(readFileSync(tarball.file));
    const versions = tarballs.filter((t) => url === `/${t.name}`);
    if (!versions.length) return void response.writeHead(404).end('{}');
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(packument(versions, address())));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url: `${address()}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function packument(versions: Tarball[], base: string): object {
  const name = versions[0]!.name;
  const entries = versions.map((t) => {
    const bytes = readFileSync(t.file);
    const dist = {
      tarball: `${base}/${name}/-/${path.basename(t.file)}`,
      shasum: createHash('sha1').update(bytes).digest('hex'),
      integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
    };
    return [t.version, { ...t.manifest, dist }] as const;
  });
  return { name, 'dist-tags': { latest: entries[entries.length - 1]![0] }, versions: Object.fromEntries(entries) };
}
