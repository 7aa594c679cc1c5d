/**
 * @module engine/project-rules
 * Checks of the project's package.json (engines, dependency majors, scripts) that source rules cannot see.
 */
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import type { Pack } from '../pack.ts';
import { formatMessage, type Finding } from '../rule.ts';
import { dominantEol } from './line-endings.ts';
import { readPackageJson, type Manifest } from './package-json.ts';
import type { ProcessOptions } from './process-files.ts';
import { writeBlock, writeUserFile, type WriteBlock } from './write-file.ts';

export interface ProjectResult {
  file: string;
  findings: Finding[];
  changed: boolean;
  patch?: string;
  /** Set when a fix was due but the file may not be written: the findings stay unfixed. */
  error?: WriteBlock;
}

/** Line of a key path ('engines.node') in the JSON text, for report lines; 1 when not found. */
function lineOf(text: string, at: string): number {
  const key = at.split('.').pop()!;
  const index = text.indexOf(JSON.stringify(key));
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}

/** `manifest`: the package.json already read (runPack reads it before anything is written). */
export function runProjectRules(pack: Pack<any>, cwd: string, options: ProcessOptions, manifest: Manifest | undefined = readPackageJson(cwd)): ProjectResult {
  const file = 'package.json';
  const absolute = path.join(cwd, file);
  const result: ProjectResult = { file, findings: [], changed: false };
  const rules = (pack.projectRules ?? []).filter((r) => !options.rules || options.rules.includes(r.id));
  if (!rules.length || !manifest) return result;

  const { text, json } = manifest;
  let fixed = false;
  for (const rule of rules) {
    rule.check({
      fileName: file,
      packageJson: json,
      options,
      report({ messageId, data, at, fix, toolchain, onceGreen, note }) {
        const willFix = !!fix && options.fix && !options.reportOnly?.includes(rule.id) && (!toolchain || !!options.toolchain) && (!onceGreen || !!options.onceGreen);
        if (willFix) fix(json);
        fixed ||= willFix;
        result.findings.push({
          ruleId: rule.id,
          messageId,
          message: formatMessage(rule.meta.messages[messageId] ?? messageId, data),
          file,
          line: lineOf(text, at),
          column: 1,
          rows: rule.meta.rows,
          kind: rule.meta.kind,
          confidence: 'high',
          fixed: willFix,
          fixable: !!fix,
          ...(note && { note: true as const }),
        });
      },
    });
  }
  if (!fixed) return result;
  const output = serializeLike(text, json);
  if (output === text) return result;
  const block = writeBlock(absolute, cwd);
  if (block) {
    for (const finding of result.findings) finding.fixed = false;
    return { ...result, error: block };
  }
  result.changed = true;
  if (options.dryRun) result.patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, text, output);
  else writeUserFile(absolute, output, cwd);
  return result;
}

/** `json` written as `text` (a package.json) was: its indentation, byte order mark, final newline and line endings. */
export function serializeLike(text: string, json: unknown): string {
  const indent = /^\uFEFF?\{\r?\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const serialised = bom + JSON.stringify(json, null, indent) + (text.endsWith('\n') ? '\n' : '');
  return dominantEol(text) === '\r\n' ? serialised.replace(/\n/g, '\r\n') : serialised;
}
