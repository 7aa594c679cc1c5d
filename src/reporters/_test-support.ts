/**
 * @module reporters/_test-support
 * The official SARIF 2.1.0 schema to check reporter output against.
 */
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';

/**
 * A validator for the official schema (schemastore's copy, draft-07). Formats are not checked (ajv needs a plugin
 * for them) and the schema's `language` pattern is not valid as a unicode RegExp.
 */
export function sarifValidator() {
  const schema = createRequire(import.meta.url)('schemastore/schemas/json/sarif-2.1.0.json');
  return new Ajv({ strict: false, unicodeRegExp: false, validateFormats: false, allErrors: true }).compile(schema);
}
