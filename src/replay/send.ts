/**
 * @module replay/send
 * One recorded request sent to one running app on 127.0.0.1, as it was recorded: no redirect followed, no body
 * decoded, a time limit per request.
 */
import http from 'node:http';
import type { ReplayResponse } from './compare.ts';
import type { RecordedRequest } from './requests.ts';

/** What came back, or why nothing did (a timeout, a reset connection). */
export type Answer = ReplayResponse | { error: string };

export function send(port: number, request: RecordedRequest, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve) => {
    // the path goes as recorded; host and port are always ours, never the recording's
    const req = http.request(
      { host: '127.0.0.1', port, method: request.method, path: request.url, headers: { ...request.headers, host: `127.0.0.1:${port}`, connection: 'close' }, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join('\n') : value;
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (error) => resolve({ error: error.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => resolve({ error: error.message }));
    req.end(request.body);
  });
}
