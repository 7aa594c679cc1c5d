'use strict';
// widgetkit 2: render(body) takes no status any more, destroy() is gone, and plugin(fn, meta) refuses a plugin whose
// declared range does not name 2.x.
let pending = 200;

exports.status = function status(code) {
  pending = code;
  return exports;
};

exports.render = function render(body) {
  if (arguments.length > 1) throw new TypeError('render() takes one argument in widgetkit 2: call status(code).render(body)');
  const result = { status: pending, body: String(body) };
  pending = 200;
  return result;
};

exports.plugin = function plugin(fn, meta) {
  const range = (meta && meta.widgetkit) || '2.x';
  if (!range.includes('2.x')) throw new Error(`plugin expects widgetkit ${range}, this is 2.0.0`);
  return fn;
};
