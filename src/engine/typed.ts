/**
 * @module engine/typed
 * The typed pass: what the syntax of one file cannot prove, the project's type checker can (an app imported from
 * another module, a status code typed `number` two files away). It costs a whole-program load, so it runs only
 * over files where the fast pass left a finding it could not settle, and only when there are any.
 * ts-morph loads the project the way tsc would (tsconfig, includes, module resolution); JS projects get allowJs.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Project, ts as morphTs } from 'ts-morph';
import type ts from 'typescript';
import type { Pack } from '../pack.ts';
import { optionsFor, processFile, selectedRules, type ProcessOptions, type ProcessedFile } from './process-files.ts';

function loadProject(cwd: string, files: readonly string[]): Project {
  const tsconfig = path.join(cwd, 'tsconfig.json');
  const project = existsSync(tsconfig)
    ? new Project({ tsConfigFilePath: tsconfig, compilerOptions: { allowJs: true, noEmit: true } })
    : new Project({
        compilerOptions: {
          allowJs: true,
          noEmit: true,
          esModuleInterop: true,
          module: morphTs.ModuleKind.NodeNext,
          moduleResolution: morphTs.ModuleResolutionKind.NodeNext,
          target: morphTs.ScriptTarget.ES2022,
        },
      });
  for (const file of files) if (!project.getSourceFile(file)) project.addSourceFileAtPath(file);
  project.resolveSourceFileDependencies();
  return project;
}

/**
 * Re-runs the rules over `candidates` with the checker. Their results replace the fast pass's; fixes the fast pass
 * already wrote stay reported as fixed.
 */
export function runTypedPass(pack: Pack<any>, cwd: string, candidates: readonly ProcessedFile[], options: ProcessOptions): ProcessedFile[] {
  const absolute = candidates.map((c) => path.join(cwd, c.file));
  const program = loadProject(cwd, absolute).getProgram().compilerObject as unknown as ts.Program;
  const checker = program.getTypeChecker();
  const rules = selectedRules(pack, options);
  return candidates.map((before, index) => {
    const file = absolute[index]!;
    const sourceFile = program.getSourceFile(file);
    // the program read the file when it loaded; skip it if it changed since (a fix written meanwhile)
    if (!sourceFile || sourceFile.text !== readFileSync(file, 'utf8')) return before;
    const after = processFile(pack, rules, file, optionsFor(options, file), { sourceFile, checker });
    if (after.error) return before;
    const kept = options.dryRun ? [] : before.findings.filter((f) => f.fixed);
    return { ...after, findings: [...kept, ...after.findings], changed: after.changed || before.changed, patch: after.patch ?? before.patch };
  });
}
