/**
 * @module replay/requests
 * The requests a replay sends, read from what teams have: the recorder's JSON lines (`recordTraffic` in the shim),
 * a HAR file a browser or proxy saved, or access-log lines (common or combined format: method and URL only).
 */
import { readFile } from 'node:fs/promises';
import { StraddleError } from '../errors.ts';

export interface RecordedRequest {
  method: string;
  /** Path and query, as the app saw it (`/users/7?sort=name`). */
  url: string;
  headers: Record<string, string>;
  /** The body as text (UTF-8), when there was one. */
  body?: string;
}

/** Methods replayed by default: the ones that change nothing on the server. */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Headers the replay sets itself: a recorded one would point at the recording's host or connection. */
const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'te', 'trailer']);

export async function readRequests(file: string): Promise<RecordedRequest[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new StraddleError(`Could not read the requests file ${file}: ${(error as Error).message}`, 'E_REPLAY_REQUESTS');
  }
  return parseRequests(text, file);
}

/** The requests in `text`, whichever of the three formats it is in; a line or entry that is none of them throws. */
export function parseRequests(text: string, name = 'the requests file'): RecordedRequest[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (trimmed.startsWith('{') && /"log"\s*:/.test(trimmed.slice(0, 200))) return fromHar(trimmed, name);
  return trimmed.split('\n').flatMap((line, index) => {
    const where = `${name}:${index + 1}`;
    if (!line.trim()) return [];
    return [line.trimStart().startsWith('{') ? fromJsonLine(line, where) : fromAccessLog(line, where)];
  });
}

function fromJsonLine(line: string, where: string): RecordedRequest {
  let value: any;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new StraddleError(`${where}: not a JSON line: ${(error as Error).message}`, 'E_REPLAY_REQUESTS');
  }
  if (typeof value?.method !== 'string' || typeof value?.url !== 'string') throw new StraddleError(`${where}: a request needs a method and a url`, 'E_REPLAY_REQUESTS');
  // the recorder writes the header pairs as they arrived; other writers, a headers object
  const headers = Array.isArray(value.rawHeaders) ? headersOf(value.rawHeaders.map(String)) : (value.headers ?? {});
  return request(value.method, value.url, headers, typeof value.body === 'string' ? value.body : undefined, where);
}

function fromHar(text: string, name: string): RecordedRequest[] {
  let har: any;
  try {
    har = JSON.parse(text);
  } catch (error) {
    throw new StraddleError(`${name}: not a HAR file: ${(error as Error).message}`, 'E_REPLAY_REQUESTS');
  }
  const entries: any[] = har?.log?.entries ?? [];
  return entries.map((entry, index) => {
    const { method, url, headers = [], postData } = entry?.request ?? {};
    if (typeof method !== 'string' || typeof url !== 'string') throw new StraddleError(`${name}: entry ${index + 1} has no request method and url`, 'E_REPLAY_REQUESTS');
    const pairs = (headers as Array<{ name: string; value: string }>).flatMap((h) => [String(h.name), String(h.value)]);
    return request(method, url, headersOf(pairs), typeof postData?.text === 'string' ? postData.text : undefined, `${name}: entry ${index + 1}`);
  });
}

/** Names whose repeats Node drops (the first one counts) when it builds `req.headers`. */
const SINGLE = new Set(['age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'if-modified-since', 'if-unmodified-since', 'last-modified', 'location', 'max-forwards', 'proxy-authorization', 'referer', 'retry-after', 'server', 'user-agent']);

/**
 * Header pairs as the app's `req.headers` had them: names in lower case, repeats joined (cookies with "; ", the rest
 * with ", ") or dropped as Node does.
 */
function headersOf(pairs: readonly string[]): Record<string, string> {
  // no prototype: a header may be called anything, __proto__ too
  const headers: Record<string, string> = Object.create(null);
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    const name = pairs[i]!.toLowerCase();
    const value = pairs[i + 1]!;
    const known = headers[name];
    if (known === undefined) headers[name] = value;
    else if (!SINGLE.has(name)) headers[name] = `${known}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  return headers;
}

// `127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif?x=1 HTTP/1.0" 200 2326 …`
const ACCESS_LINE = /"([A-Z]+) (\S+) HTTP\/[\d.]+"/;

function fromAccessLog(line: string, where: string): RecordedRequest {
  const match = ACCESS_LINE.exec(line);
  if (!match) throw new StraddleError(`${where}: neither a JSON line nor an access-log line ("METHOD /path HTTP/1.1")`, 'E_REPLAY_REQUESTS');
  return request(match[1]!, match[2]!, {}, undefined, where);
}

function request(method: string, url: string, headers: Record<string, unknown>, body: string | undefined, where: string): RecordedRequest {
  const kept = Object.fromEntries(
    Object.entries(headers)
      .filter(([name, value]) => typeof value === 'string' && !HOP_HEADERS.has(name.toLowerCase()))
      .map(([name, value]) => [name.toLowerCase(), value as string]),
  );
  return { method: method.toUpperCase(), url: pathOf(url, where), headers: kept, ...(body === undefined || body === '' ? {} : { body }) };
}

/** A path as recorded; an absolute or protocol-relative URL (a proxy's log) keeps only its path: a replay goes nowhere but the app it started. */
function pathOf(url: string, where: string): string {
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  if (!/^(https?:)?\/\//i.test(url) || !URL.canParse(url, 'http://recorded.invalid')) {
    throw new StraddleError(`${where}: '${url}' is neither a path nor an HTTP URL`, 'E_REPLAY_REQUESTS');
  }
  const parsed = new URL(url, 'http://recorded.invalid');
  return parsed.pathname + parsed.search;
}
