/**
 * @module codemods/fastify/type-provider-shape
 * Row 40 (types): Fastify 5 split a type provider's one `input`/`output` pair into `schema`, `validator` and
 * `serializer`, and `CallTypeProvider` into `CallValidatorTypeProvider` / `CallSerializerTypeProvider`. A provider
 * written for 4.x fails `tsc` on 5 (TS2536 on `this['input']`). One that declares both sets type-checks and infers
 * on both; which types go where is the provider's to say: reported.
 */
import ts from 'typescript';
import { createFastifyRule } from './_rule.ts';

const OLD_MEMBERS = new Set(['input', 'output']);
const NEW_MEMBERS = new Set(['schema', 'validator', 'serializer']);

export default createFastifyRule({
  id: 'type-provider-shape',
  meta: {
    description: "Report type providers written with 4.x's `input` / `output` only, and `CallTypeProvider`",
    rows: [40],
    kind: 'report',
    languages: ['typescript'],
    prefilter: ['FastifyTypeProvider', 'CallTypeProvider'],
    messages: {
      oldProvider:
        '`{{name}}` declares only Fastify 4\'s `input` / `output`: Fastify 5 reads `schema`, `validator` and `serializer` (`tsc` fails with TS2536 there). Declare both sets, `validator: this[\'schema\']`-style members beside `output: this[\'input\']`-style ones, which type-check and infer on 4 and 5, or use the provider\'s major that matches Fastify.',
      callTypeProvider:
        '`CallTypeProvider` is gone in Fastify 5, split into `CallValidatorTypeProvider` and `CallSerializerTypeProvider`. Use the one the code means once it runs on 5 only; on both majors, keep it behind a type of your own.',
    },
  },
  create(context) {
    const { sourceFile } = context;
    const fromFastify = importedNames(sourceFile);
    if (!fromFastify.size) return {};
    return {
      InterfaceDeclaration(node: ts.InterfaceDeclaration) {
        const extendsProvider = node.heritageClauses?.some((clause) => clause.types.some((t) => ts.isIdentifier(t.expression) && fromFastify.get(t.expression.text) === 'FastifyTypeProvider'));
        if (!extendsProvider) return;
        const members = new Set(node.members.map((m) => (m.name && ts.isIdentifier(m.name) ? m.name.text : '')));
        const old = [...OLD_MEMBERS].some((m) => members.has(m));
        const updated = [...NEW_MEMBERS].some((m) => members.has(m));
        if (old && !updated) context.report({ node: node.name, messageId: 'oldProvider', data: { name: node.name.text }, confidence: 'high' });
      },
      TypeReference(node: ts.TypeReferenceNode) {
        if (ts.isIdentifier(node.typeName) && fromFastify.get(node.typeName.text) === 'CallTypeProvider') context.report({ node, messageId: 'callTypeProvider', confidence: 'high' });
      },
    };
  },
});

/** Local names of what the file imports from fastify, mapped to the exported name. */
function importedNames(sourceFile: ts.SourceFile): Map<string, string> {
  const names = new Map<string, string>();
  for (const statement of sourceFile.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || statement.moduleSpecifier.text !== 'fastify') continue;
    const bindings = statement.importClause?.namedBindings;
    if (bindings && ts.isNamedImports(bindings)) for (const element of bindings.elements) names.set(element.name.text, (element.propertyName ?? element.name).text);
  }
  return names;
}
