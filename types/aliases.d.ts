// Type declarations for the npm aliases used side by side in tests and tooling.
declare module 'express4' {
  import express from 'express';
  export = express;
}
declare module 'express5' {
  import express from 'express';
  export = express;
}
declare module 'path-to-regexp-v0' {
  interface Key {
    name: string | number;
    optional: boolean;
    offset?: number;
  }
  function pathToRegexp(
    path: string | RegExp | Array<string | RegExp>,
    keys?: Key[],
    options?: { sensitive?: boolean; strict?: boolean; end?: boolean },
  ): RegExp;
  export = pathToRegexp;
}
