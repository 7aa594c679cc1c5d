/**
 * The arrows between the parts: the engine (src/) loads packs (codemods/<pack>/) through its table of built-in packs,
 * and a pack imports what authoring needs from src/, so no import circle may cross src/ ↔ codemods/; the shims
 * (shims/) ship inside users' apps and import nothing from src/ nor another pack's shim; and docs/architecture.md
 * lists every arrow between the parts. Read from the sources' import statements (static, re-exports and dynamic
 * `import('…')`), tests and their helpers left out.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '..');
const PARTS = ['src', 'codemods', 'shims', 'lib'];
const SPECIFIER = /(?:^|[^.\w])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
const isTestCode = (file: string) => /\.test\.ts$|(^|\/)_testing\/|_test-support\.ts$/.test(file);

/** Each source file (relative to the root) and the project files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const part of PARTS) {
    for (const name of readdirSync(path.join(ROOT, part), { recursive: true, encoding: 'utf8' })) {
      const file = `${part}/${name.split(path.sep).join('/')}`;
      if (!file.endsWith('.ts') || file.endsWith('.d.ts') || isTestCode(file)) continue;
      const text = readFileSync(path.join(ROOT, file), 'utf8');
      const targets = [...text.matchAll(SPECIFIER)].map((m) => path.posix.normalize(path.posix.join(path.posix.dirname(file), (m[1] ?? m[2])!)));
      graph.set(file, targets.filter((target) => !isTestCode(target)));
    }
  }
  return graph;
}

/** The part a file belongs to: `src`, or a folder (or file) one level into codemods/, shims/ or lib/. */
function partOf(file: string): string {
  const [top, next] = file.split('/');
  return top === 'src' ? top : `${top}/${next!.replace(/\.ts$/, '')}`;
}

/** `from → to` for every import from one part into another, source files only. */
function partArrows(graph: Map<string, string[]>): string[] {
  const arrows = [...graph].flatMap(([file, targets]) => targets.filter((t) => t.endsWith('.ts')).map((t) => `${partOf(file)} → ${partOf(t)}`));
  return [...new Set(arrows.filter((arrow) => !/^(\S+) → \1$/.test(arrow)))].sort();
}

/** The strongly connected components with more than one file (Tarjan's algorithm). */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1) found.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

describe('import arrows', () => {
  const graph = importGraph();

  it('reads the imports it checks (the pack table reaches the Express pack, a rule reaches authoring)', () => {
    expect(graph.get('src/packs.ts')).toContain('codemods/express/index.ts');
    expect(graph.get('codemods/express/req-param.ts')).toContain('src/authoring.ts');
  });

  it('no import circle crosses src/ and a pack', () => {
    const crossing = circles(graph).filter((component) => component.some((f) => f.startsWith('src/')) && component.some((f) => f.startsWith('codemods/')));
    expect(crossing.map((component) => `${component.length} files: ${component.slice(0, 6).join(', ')}…`)).toEqual([]);
  });

  it('the shims import nothing from src/', () => {
    const arrows = [...graph].filter(([file]) => file.startsWith('shims/')).flatMap(([file, targets]) => targets.filter((t) => t.startsWith('src/')).map((t) => `${file} → ${t}`));
    expect(arrows).toEqual([]);
  });

  it("a pack's shim imports no other pack's shim, and the shared leaves at shims/ import no pack's", () => {
    // the pack a shim file belongs to; none for a leaf (shims/<name>.ts), which every pack's shim may import
    const packOf = (file: string) => (file.split('/').length > 2 ? file.split('/')[1] : undefined);
    const arrows = [...graph].filter(([file]) => file.startsWith('shims/')).flatMap(([file, targets]) => targets.filter((t) => t.startsWith('shims/') && packOf(t) !== undefined && packOf(t) !== packOf(file)).map((t) => `${file} → ${t}`));
    expect(arrows).toEqual([]);
  });

  it('has exactly the arrows docs/architecture.md lists', () => {
    const doc = readFileSync(path.join(ROOT, 'docs/architecture.md'), 'utf8');
    const listed = /```arrows\n([\s\S]*?)```/.exec(doc)![1]!.trim().split('\n').sort();
    expect(partArrows(graph)).toEqual(listed);
  });

  it('finds a circle where there is one', () => {
    expect(circles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]))).toEqual([['a', 'b', 'c']]);
  });
});
