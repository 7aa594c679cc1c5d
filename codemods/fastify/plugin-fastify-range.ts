/**
 * @module codemods/fastify/plugin-fastify-range
 * Row 3: a plugin wrapped by fastify-plugin declares the Fastify versions it serves (`fp(fn, { fastify: '4.x' })`,
 * or the range alone as the second argument), and Fastify checks it at `register`: on 5 a 4.x-only range throws
 * FST_ERR_PLUGIN_VERSION_MISMATCH before the plugin runs. Widening it (`'4.x || 5.x'`) is a promise that the plugin
 * works on 5, which only its tests can keep: the rewrite is of low confidence, so the upgrade loop keeps it only
 * where a failing test then passes (and `fix` writes it with `--assume-handlers`).
 */
import semver from 'semver';
import ts from 'typescript';
import { createFastifyRule } from './_rule.ts';

/** The string literal holding the declared range: the second argument, or its `fastify` property. */
function declaredRange(call: ts.CallExpression): ts.StringLiteralLike | undefined {
  const meta = call.arguments[1];
  if (!meta) return undefined;
  if (ts.isStringLiteralLike(meta)) return meta;
  if (!ts.isObjectLiteralExpression(meta)) return undefined;
  for (const property of meta.properties) {
    if (!ts.isPropertyAssignment(property) || !property.name || property.name.getText().replace(/['"]/g, '') !== 'fastify') continue;
    return ts.isStringLiteralLike(property.initializer) ? property.initializer : undefined;
  }
  return undefined;
}

const admits = (range: string, major: number) => semver.intersects(range, `${major}.x`);

export default createFastifyRule({
  id: 'plugin-fastify-range',
  meta: {
    description: "Widen a fastify-plugin's declared Fastify range from 4.x to 4.x and 5.x",
    rows: [3],
    kind: 'both',
    prefilter: ['fastify-plugin'],
    signatures: [/fastify-plugin: .* - expected '[^']*' fastify version, '5\.\d+\.\d+' is installed/, /FST_ERR_PLUGIN_VERSION_MISMATCH/],
    messages: {
      widen: "`{{plugin}}` declares Fastify `{{range}}`, so registering it on Fastify 5 throws FST_ERR_PLUGIN_VERSION_MISMATCH before it runs. Once its tests pass on 5, declare both: `'{{widened}}'`.",
    },
  },
  create(context) {
    const { facts, sourceFile } = context;
    return {
      CallExpression(node: ts.CallExpression) {
        if (!facts.isPluginWrapperCall(node)) return;
        const literal = declaredRange(node);
        const range = literal?.text;
        if (!literal || !range || !semver.validRange(range) || !admits(range, 4) || admits(range, 5)) return;
        const widened = `${range} || 5.x`;
        const quote = sourceFile.text[literal.getStart(sourceFile)];
        const plugin = node.arguments[0]?.getText(sourceFile) ?? 'the plugin';
        context.report({
          node: literal,
          messageId: 'widen',
          data: { plugin: plugin.length > 40 ? 'the plugin' : plugin, range, widened },
          // a promise only the plugin's tests can keep
          confidence: 'low',
          fix: (fixer) => fixer.replaceText(literal, `${quote}${widened}${quote}`),
        });
      },
    };
  },
});
