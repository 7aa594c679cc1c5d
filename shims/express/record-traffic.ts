/**
 * @module record-traffic
 * A recorder a team switches on in a running app, so that `straddle replay` can send the same requests to both
 * majors: each request's method, URL, headers and the body the app read, one JSON line each, appended to a file.
 * Sampled, bounded, and redacted by default (credentials in headers, password-like fields in bodies).
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export interface RecordOptions {
  /** The JSON-lines file to append to (default: $STRADDLE_RECORD; without either, the middleware does nothing). */
  file?: string;
  /** The share of requests recorded, 0 to 1 (default 1). */
  sample?: number;
  /** Headers written as "[redacted]" (default: authorization, cookie, proxy-authorization, x-api-key). */
  redactHeaders?: readonly string[];
  /** JSON and form body fields written as "[redacted]", at any depth (default: password, secret, token). */
  redactFields?: readonly string[];
  /** A body longer than this is recorded without it (default 64 KiB). */
  maxBodyBytes?: number;
}

export const REDACTED = '[redacted]';
const HEADERS = ['authorization', 'cookie', 'proxy-authorization', 'x-api-key'];
const FIELDS = ['password', 'secret', 'token'];

type Req = { method: string; url: string; originalUrl?: string; headers: Record<string, string | string[] | undefined>; emit: (event: string, ...args: any[]) => boolean };
type Res = { once: (event: 'finish', listener: () => void) => unknown };

/**
 * Middleware that records every request it sees (or a sample). Mount it first, so it sees the URL before any router
 * rewrites it; the body is the one the app's own parsers read (the recorder never reads the stream itself).
 *
 * @example
 * app.use(recordTraffic({ file: 'requests.jsonl', sample: 0.1 }));
 */
export function recordTraffic(options: RecordOptions = {}): (req: Req, res: Res, next: () => void) => void {
  const file = options.file ?? process.env.STRADDLE_RECORD;
  const sample = options.sample ?? 1;
  const headers = new Set((options.redactHeaders ?? HEADERS).map((h) => h.toLowerCase()));
  const fields = new Set((options.redactFields ?? FIELDS).map((f) => f.toLowerCase()));
  const max = options.maxBodyBytes ?? 64 * 1024;
  const lines = file ? batchedLines(file) : undefined;
  return function recordTrafficMiddleware(req, res, next) {
    if (!file || Math.random() >= sample) return next();
    // as the request arrived: the URL before any router rewrites it, the headers before any middleware edits them
    const head = `{"method":${JSON.stringify(req.method)},"url":${JSON.stringify(req.originalUrl ?? req.url)},"headers":${headersJson(req.headers, headers)}`;
    // a request without a body (most traffic) is recorded at once: no listener, no wrapper, nothing kept
    if (!hasBody(req.headers)) {
      lines!.push(`${head}}\n`);
      return next();
    }
    // one with a body waits for the app's parsers to have read it
    const body = captureBody(req, max);
    res.once('finish', () => {
      const text = body.size && body.size <= max ? redactBody(Buffer.concat(body.chunks).toString('utf8'), String(req.headers['content-type'] ?? ''), fields) : undefined;
      lines!.push(text === undefined ? `${head}}\n` : `${head},"body":${JSON.stringify(text)}}\n`);
    });
    next();
  };
}

/** How long a recorded line waits at most before it is written, and how many bytes make a write at once. */
export const FLUSH_MS = 50;
const FLUSH_BYTES = 64 * 1024;

/**
 * Lines appended to `file` in batches: a write every FLUSH_MS or FLUSH_BYTES, whichever comes first, so that a busy
 * server makes one system call for many requests. Written synchronously, in order, so that what is left when the process exits goes out with it; a file that cannot
 * be written loses its lines and is opened again at the next batch, since recording must never break the app.
 */
function batchedLines(file: string): { push(line: string): void } {
  let fd: number | undefined;
  let pending: string[] = [];
  let bytes = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (!pending.length) return;
    const text = pending.join('');
    pending = [];
    bytes = 0;
    try {
      fd ??= openSync(file, 'a');
      writeSync(fd, text);
    } catch {
      const failed = fd;
      fd = undefined;
      if (failed !== undefined) closeQuietly(failed);
    }
  };
  process.once('exit', flush);
  return {
    push(line) {
      pending.push(line);
      bytes += line.length;
      if (bytes >= FLUSH_BYTES) flush();
      // unref'd: a recorder never keeps a process alive that would otherwise exit
      else timer ??= setTimeout(flush, FLUSH_MS).unref();
    },
  };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already unusable: nothing more to lose
  }
}

const hasBody = (headers: Req['headers']) => (headers['content-length'] !== undefined && headers['content-length'] !== '0') || headers['transfer-encoding'] !== undefined;

/** What the app's own parsers read of the body, seen as the stream hands it to them (the recorder never reads it). */
function captureBody(req: Req, max: number): { chunks: Buffer[]; size: number } {
  const body = { chunks: [] as Buffer[], size: 0 };
  const emit = req.emit;
  req.emit = function (event: string, ...args: any[]) {
    if (event === 'data' && body.size <= max) {
      const chunk = Buffer.isBuffer(args[0]) ? args[0] : Buffer.from(String(args[0]));
      body.size += chunk.length;
      body.chunks.push(chunk);
    }
    return emit.call(this, event, ...args);
  };
  return body;
}

/**
 * The headers as JSON, redacted: Node's own object (lower-case names) serialized as it is unless a redacted header
 * is present, when a shallow copy is. Only `set-cookie` is ever an array in a request's headers (Node joins the
 * rest); it is joined as the others are.
 */
function headersJson(all: Req['headers'], redacted: ReadonlySet<string>): string {
  let copy: Req['headers'] | undefined;
  for (const name of redacted) if (all[name] !== undefined) (copy ??= { ...all })[name] = REDACTED;
  const setCookie = all['set-cookie'];
  if (Array.isArray(setCookie)) (copy ??= { ...all })['set-cookie'] = setCookie.join(', ');
  return JSON.stringify(copy ?? all);
}

function redactBody(text: string, type: string, fields: ReadonlySet<string>): string {
  if (/json/i.test(type)) {
    try {
      return JSON.stringify(redactValue(JSON.parse(text), fields));
    } catch {
      return text;
    }
  }
  if (/x-www-form-urlencoded/i.test(type)) {
    const form = new URLSearchParams(text);
    for (const key of [...form.keys()]) if (fields.has(key.toLowerCase())) form.set(key, REDACTED);
    return form.toString();
  }
  return text;
}

function redactValue(value: unknown, fields: ReadonlySet<string>): unknown {
  if (Array.isArray(value)) return value.map((item) => redactValue(item, fields));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fields.has(key.toLowerCase()) ? REDACTED : redactValue(item, fields)]));
  }
  return value;
}
