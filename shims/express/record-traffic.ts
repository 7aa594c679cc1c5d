/**
 * @module record-traffic
 * A recorder a team switches on in a running app, so that `straddle replay` can send the same requests to both
 * majors: each request's method, URL, headers and the body the app read, one JSON line each, appended to a file.
 * Sampled, bounded, and redacted by default (credentials in headers, password-like fields in bodies).
 */
import { createWriteStream, type WriteStream } from 'node:fs';

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
  // one append stream, opened at the first recorded request, written once an event-loop turn with every line that
  // turn finished: lines go out in order, two never interleave, and a busy server makes one write for many requests
  let stream: WriteStream | undefined;
  let pending: string[] = [];
  const flush = () => {
    const lines = pending.join('');
    pending = [];
    if (!stream) {
      stream = createWriteStream(file!, { flags: 'a' });
      // recording must never break the app it watches: a failed file is opened again at the next write
      stream.on('error', () => (stream = undefined));
    }
    stream.write(lines);
  };
  return function recordTrafficMiddleware(req, res, next) {
    if (!file || Math.random() >= sample) return next();
    const url = req.originalUrl ?? req.url;
    // only a request with a body has one to keep: the rest (most traffic) go by untouched
    const body = hasBody(req.headers) ? captureBody(req, max) : undefined;
    res.once('finish', () => {
      const text = body && body.size && body.size <= max ? redactBody(Buffer.concat(body.chunks).toString('utf8'), String(req.headers['content-type'] ?? ''), fields) : undefined;
      const line = JSON.stringify({ method: req.method, url, headers: redactHeaders(req.headers, headers), ...(text === undefined ? {} : { body: text }) });
      if (!pending.length) setImmediate(flush);
      pending.push(`${line}\n`);
    });
    next();
  };
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

function redactHeaders(all: Req['headers'], redacted: ReadonlySet<string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(all)) {
    if (value === undefined) continue;
    kept[name] = redacted.has(name.toLowerCase()) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
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
