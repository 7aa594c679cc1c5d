/**
 * @module engine/project-rules
 * Checks of the project's package.json (engines, dependency majors, scripts) that source rules cannot see.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import writeFileAtomic from 'write-file-atomic';
import type { Pack, PackageJson } from '../pack.ts';
import { formatMessage, type Finding } from '../rule.ts';
import type { ProcessOptions } from './process-files.ts';

export interface ProjectResult {
  file: string;
  findings: Finding[];
  changed: boolean;
  patch?: string;
  error?: string;
}

/** Line of a key path ('engines.node') in the JSON text, for report lines; 1 when not found. */
function lineOf(text: string, at: string): number {
  const key = at.split('.').pop()!;
  const index = text.indexOf(JSON.stringify(key));
  return index < 0 ? 1 : text.slice(0, index).split('\n').length;
}

export function runProjectRules(pack: Pack<any>, cwd: string, options: ProcessOptions): ProjectResult {
  const file = 'package.json';
  const absolute = path.join(cwd, file);
  const result: ProjectResult = { file, findings: [], changed: false };
  const rules = (pack.projectRules ?? []).filter((r) => !options.rules || options.rules.includes(r.id));
  if (!rules.length || !existsSync(absolute)) return result;

  const text = readFileSync(absolute, 'utf8');
  let json: PackageJson;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ...result, error: `package.json does not parse: ${(error as Error).message}` };
  }
  let fixed = false;
  for (const rule of rules) {
    rule.check({
      fileName: file,
      packageJson: json,
      options,
      report({ messageId, data, at, fix, toolchain }) {
        const willFix = !!fix && options.fix && (!toolchain || !!options.toolchain);
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
        });
      },
    });
  }
  if (!fixed) return result;
  const indent = /^\{\r?\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const output = JSON.stringify(json, null, indent) + (text.endsWith('\n') ? '\n' : '');
  if (output === text) return result;
  result.changed = true;
  if (options.dryRun) result.patch = createTwoFilesPatch(`a/${file}`, `b/${file}`, text, output);
  else writeFileAtomic.sync(absolute, output);
  return result;
}
