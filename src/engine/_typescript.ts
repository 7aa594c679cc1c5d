/**
 * @module engine/_typescript
 * The TypeScript compiler, loaded with require. The build points every `import ts from 'typescript'` here: an ESM
 * import of this 9 MB CommonJS file first has Node scan it for module syntax and named exports (~0.6 s here, in
 * every worker), which require skips.
 */
import { createRequire } from 'node:module';
import type TypeScript from 'typescript';

const ts: typeof TypeScript = createRequire(import.meta.url)('typescript');
export default ts;
