import { describe, expect, it } from 'vitest';
import { withoutDependency } from './finish.ts';

describe('withoutDependency', () => {
  it('drops the package from every dependency list, keeping the file format', () => {
    const text = '{\r\n    "name": "lib",\r\n    "dependencies": {\r\n        "@widgetkit/shim": "0.1.0",\r\n        "qs": "^6"\r\n    },\r\n    "devDependencies": { "@widgetkit/shim": "0.1.0" }\r\n}\r\n';
    expect(withoutDependency(text, '@widgetkit/shim')).toBe('{\r\n    "name": "lib",\r\n    "dependencies": {\r\n        "qs": "^6"\r\n    },\r\n    "devDependencies": {}\r\n}\r\n');
  });

  it('is undefined when the package is not a dependency, or there is no package.json', () => {
    expect(withoutDependency('{ "dependencies": { "@widgetkit/shimmer": "1" } }', '@widgetkit/shim')).toBeUndefined();
    expect(withoutDependency(undefined, '@widgetkit/shim')).toBeUndefined();
  });
});
