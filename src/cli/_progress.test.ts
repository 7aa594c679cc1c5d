import { afterEach, describe, expect, it, vi } from 'vitest';
import { createStatus } from './_progress.ts';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, columns: 31, write: (text: string) => void written.push(text) } as unknown as NodeJS.WriteStream };
}

afterEach(() => vi.unstubAllEnvs());

describe('createStatus', () => {
  it('rewrites one line in a terminal, cut to its width, and clears it before other output', () => {
    vi.stubEnv('CI', '');
    const { written, stream: tty } = stream(true);
    const status = createStatus(tty);
    status.show('iteration 2: testing 5 (5.1.0) · 12 s · about 18 s left');
    status.show('iteration 2: testing 5 (5.1.0) · 13 s');
    status.clear();
    status.clear();
    expect(written).toEqual(['\r\x1b[2Kiteration 2: testing 5 (5.1.0)', '\r\x1b[2Kiteration 2: testing 5 (5.1.0)', '\r\x1b[2K']);
  });

  it('says nothing in a pipe, or in CI', () => {
    vi.stubEnv('CI', '');
    const pipe = stream(false);
    createStatus(pipe.stream).show('testing 5');
    expect(pipe.written).toEqual([]);
    vi.stubEnv('CI', 'true');
    const ci = stream(true);
    createStatus(ci.stream).show('testing 5');
    expect(ci.written).toEqual([]);
  });
});
