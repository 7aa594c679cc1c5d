/**
 * @module codemods/fastify/reply-generic-order
 * Row 39 (types): `FastifyReply`'s type parameters changed order. 4.x: `<RawServer, RawRequest, RawReply,
 * RouteGeneric, ContextConfig, SchemaCompiler, TypeProvider, ReplyType>`; 5.x puts `RouteGeneric` first (tsc: TS2559
 * and friends). `RouteHandlerMethod` kept 4.x's order for its first seven, and its second parameter is the reply of
 * those arguments on either major, so `FastifyReply<S, Rq, Rp, G>` becomes
 * `Parameters<RouteHandlerMethod<S, Rq, Rp, G>>[1]`, the same type on 4 and 5. References written in 5.x's order
 * already (a first argument that is no server), or with the eighth argument (`ReplyType`, which `RouteHandlerMethod` does not take), are reported.
 */
import ts from 'typescript';
import { createFastifyRule } from './_rule.ts';

const HANDLER_TYPE = 'RouteHandlerMethod';
/** How many of `FastifyReply`'s arguments `RouteHandlerMethod` takes in the same order. */
const SAME_ORDER = 7;
/** A first argument naming a server (`RawServerDefault`, `http.Server`, `Http2SecureServer`, a `RawServer` parameter): 4.x's order. */
const SERVER_TYPE = /Server/;

export default createFastifyRule({
  id: 'reply-generic-order',
  meta: {
    description: "Rewrite `FastifyReply<RawServer, …>` in 4.x's argument order to a type that is the same on Fastify 4 and 5",
    rows: [39],
    kind: 'both',
    languages: ['typescript'],
    prefilter: ['FastifyReply<'],
    messages: {
      deriveReply:
        "`{{text}}` lists its type arguments in Fastify 4's order; Fastify 5 takes the route generic first, so `tsc` fails there. Use `Parameters<{{handler}}<{{args}}>>[1]` instead: the reply type of those arguments on 4 and 5.",
      orderUnknown:
        "`{{text}}` has {{count}} type arguments, and Fastify 4 and 5 order them differently (4: raw server first; 5: route generic first). Check which order it is in; in 4.x's order, `Parameters<RouteHandlerMethod<…the same arguments…>>[1]` is the same type on both.",
      replyTypeArgument:
        "`{{text}}` passes `FastifyReply`'s eighth type argument, which only `FastifyReply` takes and whose place changed in Fastify 5. Drop it where the default serves, or write the reference once per major.",
    },
  },
  create(context) {
    const { sourceFile } = context;
    const fastifyImport = sourceFile.statements.find((s): s is ts.ImportDeclaration => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === 'fastify');
    const local = fastifyImport && localNames(fastifyImport);
    if (!fastifyImport || !local) return {};
    let importWritten = false;
    return {
      TypeReference(node: ts.TypeReferenceNode) {
        const args = node.typeArguments;
        const handler = replyReference(node, local);
        if (!handler || !args?.length) return;
        const text = node.getText(sourceFile);
        const serverFirst = SERVER_TYPE.test(args[0]!.getText(sourceFile));
        // one argument that is no server: 5.x's order (4.x would refuse it as a raw server)
        if (args.length === 1 && !serverFirst) return;
        if (args.length > SAME_ORDER) return context.report({ node, messageId: 'replyTypeArgument', data: { text }, confidence: 'high' });
        if (!serverFirst) return context.report({ node, messageId: 'orderUnknown', data: { text, count: args.length }, confidence: 'high' });
        const argsText = args.map((a) => a.getText(sourceFile)).join(', ');
        const importEdit = handler.importText && !importWritten ? handler.importText : undefined;
        if (importEdit) importWritten = true;
        context.report({
          node,
          messageId: 'deriveReply',
          data: { text, handler: handler.name, args: argsText },
          confidence: 'high',
          fix: (fixer) => [
            fixer.replaceText(node, `Parameters<${handler.name}<${argsText}>>[1]`),
            ...(importEdit ? [fixer.replaceRange(importEdit.at, importEdit.at, importEdit.text)] : []),
          ],
        });
      },
    };

    /** `FastifyReply` (or `F.FastifyReply`) from fastify, and how `RouteHandlerMethod` is named there (imported if need be). */
    function replyReference(node: ts.TypeReferenceNode, names: ImportNames) {
      const name = node.typeName;
      if (ts.isIdentifier(name) && names.reply.has(name.text)) {
        if (names.handler) return { name: names.handler };
        return { name: HANDLER_TYPE, importText: importAddition(sourceFile, fastifyImport!) };
      }
      if (ts.isQualifiedName(name) && ts.isIdentifier(name.left) && name.left.text === names.namespace && name.right.text === 'FastifyReply') return { name: `${names.namespace}.${HANDLER_TYPE}` };
      return undefined;
    }
  },
});

// --- internal ---

interface ImportNames {
  reply: Set<string>;
  handler?: string;
  namespace?: string;
}

function localNames(declaration: ts.ImportDeclaration): ImportNames | undefined {
  const bindings = declaration.importClause?.namedBindings;
  const names: ImportNames = { reply: new Set() };
  if (bindings && ts.isNamespaceImport(bindings)) names.namespace = bindings.name.text;
  if (bindings && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) {
      const imported = (element.propertyName ?? element.name).text;
      if (imported === 'FastifyReply') names.reply.add(element.name.text);
      if (imported === HANDLER_TYPE) names.handler = element.name.text;
    }
  }
  return names.reply.size || names.namespace ? names : undefined;
}

/** Where and what to insert so the import brings `RouteHandlerMethod` (as a type) too. */
function importAddition(sourceFile: ts.SourceFile, declaration: ts.ImportDeclaration): { at: number; text: string } {
  const clause = declaration.importClause!;
  const bindings = clause.namedBindings as ts.NamedImports;
  const last = bindings.elements.at(-1)!;
  return { at: last.end, text: clause.isTypeOnly ? `, ${HANDLER_TYPE}` : `, type ${HANDLER_TYPE}` };
}
