/**
 * @module engine/line-endings
 * Rules write `\n` in the text they insert; a file with Windows line endings must get `\r\n` there, or every line a
 * fix adds shows up as a whitespace change in review and in `git diff`.
 */

/** The line ending most of `text` uses: '\r\n' only when CRLF lines outnumber LF ones. */
export function dominantEol(text: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (text[i - 1] === '\r') crlf++;
    else lf++;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/**
 * `after` (fixes spliced into `before`) with the lone `\n` the fixes wrote turned into `\r\n` when `before` is mostly
 * CRLF. Only the span between the common prefix and suffix is touched, and only when `before` had no lone `\n` in
 * that span, so no line ending the file already had ever changes.
 */
export function keepLineEndings(before: string, after: string): string {
  if (before === after || dominantEol(before) !== '\r\n') return after;
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before[start] === after[start]) start++;
  let end = 0;
  while (end < shorter - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  if (_hasLoneLf(before, start, before.length - end)) return after;
  const middle = after.slice(start, after.length - end);
  // a \n right after the prefix's \r completes a CRLF already
  const keep = middle[0] === '\n' && after[start - 1] === '\r' ? 1 : 0;
  return after.slice(0, start + keep) + middle.slice(keep).replace(/(?<!\r)\n/g, '\r\n') + after.slice(after.length - end);
}

function _hasLoneLf(text: string, from: number, to: number): boolean {
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) {
    if (text[i - 1] !== '\r') return true;
  }
  return false;
}
