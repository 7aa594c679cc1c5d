/**
 * @module matrix/plug-and-play
 * The matrix swaps a version into the folders node_modules resolves from, in a copy of the project. Under Yarn
 * Plug'n'Play there are none: `.pnp.cjs` maps every require into zip archives, so the copy would hold no
 * node_modules to swap into and the tests would load the project's own version, whatever the matrix claimed. Such a
 * project is refused before any copy is made, with the setting that gives it a node_modules layout.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { StraddleError } from '../errors.ts';
import { projectDirs } from '../project/ancestors.ts';

const PNP_FILES = ['.pnp.cjs', '.pnp.js'];

/** Throws E_PNP when the project, or the workspace it is in, installs with Plug'n'Play. */
export function refusePlugAndPlay(cwd: string): void {
  for (const dir of projectDirs(cwd)) {
    const found = PNP_FILES.find((name) => existsSync(path.join(dir, name)));
    if (!found) continue;
    const where = path.relative(cwd, dir) || '.';
    throw new StraddleError(
      `${path.join(where, found)}: this project installs with Yarn Plug'n'Play, which has no node_modules, and straddle runs the tests ` +
        'in copies of the project with the other major swapped into node_modules. ' +
        `Add \`nodeLinker: node-modules\` to ${path.join(where, '.yarnrc.yml')}, run \`yarn install\`, then run straddle again.`,
      'E_PNP',
    );
  }
}
