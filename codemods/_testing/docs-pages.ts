/**
 * @module codemods/_testing/docs-pages
 * Reads what a pack's registry test checks in the pack's docs: the breaking-change table's row anchors, a rule page's
 * header line (`Spec: [row N](breaking-changes.md#row-N), … · kind: \`k\``), the shim guide's rows column, and the
 * page's examples (❌ Before / ✅ After, ❌ Reported / ✅ Dual), written either as labels above code blocks or as
 * `// ❌ Before` comment lines inside one block.
 */

export type ExampleLabel = 'before' | 'after' | 'reported' | 'dual';

export interface Example {
  label: ExampleLabel;
  /** The label's full text, e.g. `After with --target 5`. */
  title: string;
  lang: string;
  /** The file the example stands for: the fence's `title="…"`, else `example.<lang>`. */
  fileName: string;
  code: string;
}

/** The rows of the table that carry an anchor (`<a id="row-N"></a>N`), in page order. */
export function tableRows(table: string): number[] {
  return [...table.matchAll(/^\| <a id="row-(\d+)"><\/a>(\d+) \|/gm)].map((m) => {
    if (m[1] !== m[2]) throw new Error(`row ${m[2]} carries the anchor of row ${m[1]}`);
    return Number(m[1]);
  });
}

/** The cells of the table row `row` (the number cell first). */
export function tableRow(table: string, row: number): string[] | undefined {
  const line = table.split('\n').find((l) => l.startsWith(`| <a id="row-${row}"></a>${row} |`));
  return line?.split(' | ').map((cell) => cell.replace(/^\| |\s*\|$/g, ''));
}

/** The row numbers of markdown links into the table, e.g. `[row 38](breaking-changes.md#row-38)` or `[38](…)`. */
export function linkedRows(markdown: string): number[] {
  return [...markdown.matchAll(/\[(?:row )?(\d+)\]\(breaking-changes\.md#row-(\d+)\)/g)].map((m) => {
    if (m[1] !== m[2]) throw new Error(`a link reads row ${m[1]} but points to row ${m[2]}`);
    return Number(m[1]);
  });
}

export interface PageHeader {
  title: string;
  rows: number[];
  kind: string;
}

/** A rule page's title and its `Spec: … · kind: \`k\`` line. */
export function pageHeader(page: string): PageHeader | undefined {
  const title = /^# (.+)$/m.exec(page)?.[1];
  const spec = /^Spec: (.*?) · kind: `(\w+)`/m.exec(page);
  if (!title || !spec) return undefined;
  return { title, rows: linkedRows(spec[1]!), kind: spec[2]! };
}

const LABEL = /^(?:\/\/ )?(❌|✅) (Before|After|Reported|Dual|Not reported)\b(.*)$/;

function labelOf(line: string): { label: ExampleLabel; title: string } | undefined {
  const m = LABEL.exec(line.trim());
  if (!m) return undefined;
  const word = m[2]!;
  const label: ExampleLabel = word === 'Before' ? 'before' : word === 'After' ? 'after' : word === 'Reported' ? 'reported' : 'dual';
  return { label, title: `${word}${m[3]}`.trim() };
}

/** Every labelled example of a page, in page order; unlabelled code blocks are not examples. */
export function examples(page: string): Example[] {
  const found: Example[] = [];
  let pending: { label: ExampleLabel; title: string } | undefined;
  let block: { lang: string; fileName: string; lines: string[] } | undefined;
  for (const line of page.split('\n')) {
    if (!block) {
      const fence = /^```(\w*)(?: title="([^"]+)")?/.exec(line);
      const lang = fence?.[1] || 'js';
      if (fence) block = { lang, fileName: fence[2] ?? `example.${lang}`, lines: [] };
      else pending = labelOf(line) ?? (line.trim() ? undefined : pending);
      continue;
    }
    if (line.startsWith('```')) {
      found.push(...splitBlock(block, pending));
      block = undefined;
      pending = undefined;
      continue;
    }
    block.lines.push(line);
  }
  return found;
}

/** One code block: a single example under the label above it, or the sections its `// ❌ …` lines start. */
function splitBlock(block: { lang: string; fileName: string; lines: string[] }, above: { label: ExampleLabel; title: string } | undefined): Example[] {
  const { lang, fileName } = block;
  const sections: Example[] = [];
  let current = above && { ...above, lang, fileName, lines: [] as string[] };
  for (const line of block.lines) {
    const inner = line.trim().startsWith('//') ? labelOf(line) : undefined;
    if (inner) {
      if (current) sections.push(toExample(current));
      current = { ...inner, lang, fileName, lines: [] };
    } else current?.lines.push(line);
  }
  if (current) sections.push(toExample(current));
  return sections;
}

function toExample(section: Omit<Example, 'code'> & { lines: string[] }): Example {
  const { lines, ...rest } = section;
  return { ...rest, code: `${lines.join('\n').trim()}\n` };
}
