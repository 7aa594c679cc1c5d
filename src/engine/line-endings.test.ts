import { describe, expect, it } from 'vitest';
import { dominantEol, keepLineEndings } from './line-endings.ts';

describe('keepLineEndings', () => {
  it('turns the newlines a fix inserted into CRLF in a CRLF file', () => {
    const before = 'const app = widgetkit();\r\napp.listen(3000);\r\n';
    const after = "const app = widgetkit();\napp.configure();\r\napp.listen(3000);\r\n";
    expect(keepLineEndings(before, after)).toBe("const app = widgetkit();\r\napp.configure();\r\napp.listen(3000);\r\n");
  });

  it('leaves LF files, and files without line breaks, as the fix wrote them', () => {
    expect(keepLineEndings('a;\nb;\n', 'a;\nx;\nb;\n')).toBe('a;\nx;\nb;\n');
    expect(keepLineEndings('a;', 'a;\nx;')).toBe('a;\nx;');
  });

  it('never changes a lone LF a mostly-CRLF file already had', () => {
    // the lone \n between the two edits was the file's: the whole span is left alone rather than guessed at
    const before = 'a();\r\nb();\nc();\r\nd();\r\ne();\r\n';
    const after = 'a();\nA();\r\nb();\nc();\r\nd();\nD();\r\ne();\r\n';
    expect(keepLineEndings(before, after)).toBe(after);
    // outside the edited span it is kept, and the insertion gets CRLF
    const tail = 'a();\r\nb();\r\nc();\r\nd();\ne();\r\n';
    expect(keepLineEndings(tail, tail.replace('a();', 'a();\nA();'))).toBe(tail.replace('a();', 'a();\r\nA();'));
  });

  it('finds the dominant line ending by count', () => {
    expect(dominantEol('a\r\nb\r\nc\n')).toBe('\r\n');
    expect(dominantEol('a\r\nb\nc\n')).toBe('\n');
    expect(dominantEol('')).toBe('\n');
  });
});
