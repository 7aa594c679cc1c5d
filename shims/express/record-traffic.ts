/**
 * @module record-traffic
 * A recorder a team switches on in a running app, so that `straddle replay` can send the same requests to both
 * majors: each request's method, URL, headers and the body the app read, one JSON line each, appended to a file.
 * Sampled, bounded, and redacted by default (credentials in headers, password-like fields in bodies); a body with
 * nothing to redact is kept byte for byte, so that replay sends what the app was sent.
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

type Req = {
  method: string;
  url: string;
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  rawHeaders?: string[];
  readableEnded?: boolean;
  destroyed?: boolean;
  prependListener(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  rawListeners(event: 'data'): Function[];
};

interface Redaction {
  headers: ReadonlySet<string>;
  fields: ReadonlySet<string>;
  /** matches a body that may hold a redacted field: a body that does not is written as it came, never parsed */
  mayHoldField: RegExp;
  maxBodyBytes: number;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Middleware that records every request it sees (or a sample). Mount it first, so it sees the URL before any router
 * rewrites it; the body is the one the app's own parsers read (the recorder never reads the stream itself).
 *
 * @example
 * app.use(recordTraffic({ file: 'requests.jsonl', sample: 0.1 }));
 */
export function recordTraffic(options: RecordOptions = {}): (req: Req, res: unknown, next: () => void) => void {
  const file = options.file ?? process.env.STRADDLE_RECORD;
  const sample = options.sample ?? 1;
  const fields = new Set((options.redactFields ?? FIELDS).map((f) => f.toLowerCase()));
  const redact: Redaction = {
    headers: new Set((options.redactHeaders ?? HEADERS).map((h) => h.toLowerCase())),
    fields,
    // a name may be written escaped (a form's %74oken, JSON's \u0074oken): a body with either is parsed
    mayHoldField: fields.size ? new RegExp([...[...fields].map(escapeRegExp), '%', '\\\\u'].join('|'), 'i') : /(?!)/,
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
  };
  const recorded = file ? recorder(file, redact) : undefined;
  return function recordTrafficMiddleware(req, res, next) {
    if (!recorded || (sample < 1 && Math.random() >= sample)) return next();
    // as it arrived: the URL before any router rewrites it, the headers as they came off the wire (rawHeaders, which
    // no middleware edits); nothing is serialized here, the batch is at its next write
    const request: Arrived = { method: req.method, url: req.originalUrl ?? req.url, rawHeaders: req.rawHeaders ?? rawHeadersOf(req.headers) };
    if (hasBody(req.headers)) request.body = captureBody(req, redact.maxBodyBytes);
    recorded.add(request);
    next();
  };
}

/** A request as it arrived, serialized at the next write. */
interface Arrived {
  method: string;
  url: string;
  rawHeaders: string[];
  body?: Captured;
}

/** What the app's parsers have read of a body so far, and how to tell when they are done. */
interface Captured {
  /** null once the body is whole: nothing holds the request after that */
  req: Req | null;
  listener: (chunk: Uint8Array | string) => void;
  chunks: Uint8Array[];
  size: number;
  /** content-length, or -1 when the body is chunked */
  expected: number;
  /** content-type, which says how to redact the body */
  type: string;
}

/** How long a recorded request waits at most before it is written, and how many make a write at once. */
export const FLUSH_MS = 50;
const FLUSH_COUNT = 1024;

/**
 * Requests appended to `file` in batches, serialized and written every FLUSH_MS or FLUSH_COUNT requests, whichever
 * comes first: measured (bench:replay), building each line in the request's own turn cost the app twice what the
 * batch does. A request with a body waits until the app has read it, or Node has thrown it away unread, or the
 * client went (then it is recorded without it). Written synchronously, in order, so that what is left when the
 * process exits goes out with it; a file that cannot be written loses its lines and is opened again at the next
 * batch, since recording must never break the app.
 */
function recorder(file: string, redact: Redaction): { add(request: Arrived): void } {
  let fd: number | undefined;
  let pending: Arrived[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (exiting = false) => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    let text = '';
    const waiting: Arrived[] = [];
    for (const request of pending) {
      const line = lineOf(request, redact, exiting);
      if (line === undefined) waiting.push(request);
      else text += line;
    }
    pending = waiting;
    // unref'd: a recorder never keeps a process alive that would otherwise exit
    if (pending.length) timer = setTimeout(flush, FLUSH_MS).unref();
    if (!text) return;
    try {
      fd ??= openSync(file, 'a');
      writeSync(fd, text);
    } catch {
      const failed = fd;
      fd = undefined;
      if (failed !== undefined) closeQuietly(failed);
    }
  };
  process.once('exit', () => flush(true));
  return {
    add(request) {
      pending.push(request);
      if (pending.length >= FLUSH_COUNT) flush();
      else timer ??= setTimeout(flush, FLUSH_MS).unref();
    },
  };
}

/** The request's JSON line, or undefined while the app may still read its body (unless the process is exiting). */
function lineOf({ method, url, rawHeaders, body }: Arrived, redact: Redaction, exiting: boolean): string | undefined {
  const line: { method: string; url: string; rawHeaders: string[]; body?: string } = { method, url, rawHeaders: redactPairs(rawHeaders, redact.headers) };
  if (body) {
    const { req, chunks, size, expected } = body;
    // all of it: as long as it said, or (chunked) to its end with the listener still on (Node's dump of a body the
    // app never read takes the listeners off first)
    const whole = !req || (expected >= 0 ? size === expected : !!req.readableEnded && req.rawListeners('data').includes(body.listener));
    if (!whole && !exiting && !req!.readableEnded && !req!.destroyed) return undefined;
    if (whole && size <= redact.maxBodyBytes) line.body = redactBody(Buffer.concat(chunks).toString('utf8'), body.type, redact);
  }
  return `${JSON.stringify(line)}\n`;
}

const hasBody = (headers: Req['headers']) => (headers['content-length'] !== undefined && headers['content-length'] !== '0') || headers['transfer-encoding'] !== undefined;

/**
 * What the app's own parsers read of the body, seen as the stream hands it to them. The listener is prepended, which
 * a Readable does not take for a reader (its `on('data')` resumes the stream; `prependListener` is EventEmitter's), so
 * the stream flows only when the app reads it.
 */
function captureBody(req: Req, max: number): Captured {
  const { 'content-length': length, 'content-type': type } = req.headers;
  const body: Captured = { req, listener: () => {}, chunks: [], size: 0, expected: typeof length === 'string' ? Number(length) : -1, type: String(type ?? '') };
  body.listener = (chunk) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    body.size += bytes.length;
    if (body.size <= max) body.chunks.push(bytes);
    if (body.size === body.expected) body.req = null;
  };
  req.prependListener('data', body.listener);
  return body;
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already unusable: nothing more to lose
  }
}

/** The header pairs with the redacted ones' values as REDACTED (a copy only when one is). */
function redactPairs(raw: string[], redacted: ReadonlySet<string>): string[] {
  let copy: string[] | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!redacted.has(raw[i]!.toLowerCase())) continue;
    copy ??= raw.slice();
    copy[i + 1] = REDACTED;
  }
  return copy ?? raw;
}

/** Where a stand-in request has no rawHeaders: its headers as pairs. */
function rawHeadersOf(headers: Req['headers']): string[] {
  return Object.entries(headers).flatMap(([name, value]) => (value === undefined ? [] : [name, Array.isArray(value) ? value.join(', ') : value]));
}

function redactBody(text: string, type: string, { fields, mayHoldField }: Redaction): string {
  if (!mayHoldField.test(text)) return text;
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

/** Redacts a value JSON.parse just made, in place: nothing else holds it. */
function redactValue(value: unknown, fields: ReadonlySet<string>): unknown {
  if (!value || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const array = Array.isArray(object);
  for (const key in object) {
    if (!array && fields.has(key.toLowerCase())) object[key] = REDACTED;
    else redactValue(object[key], fields);
  }
  return value;
}
