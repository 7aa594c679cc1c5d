'use strict';
// widgetkit 1: render(body, status) takes a status; status(code) sets it for the next render; destroy() exists;
// plugin(fn, meta) takes any declared range.
let pending = 200;

exports.status = function status(code) {
  pending = code;
  return exports;
};

exports.render = function render(body, status) {
  const result = { status: status === undefined ? pending : status, body: String(body) };
  pending = 200;
  return result;
};

exports.destroy = function destroy() {
  pending = 200;
};

exports.plugin = function plugin(fn) {
  return fn;
};
