'use strict';
// widgetkit 2: render(body) takes no status any more, and destroy() is gone.
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
