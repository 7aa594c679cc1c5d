'use strict';
// widgetkit-sessions 1 serves widgetkit 1 only, as a framework's plugins often serve one major: no version of it
// serves both, so a project's lockfile cannot hold one that runs on widgetkit 1 and 2.
const { version } = require('widgetkit/package.json');

if (!version.startsWith('1.')) throw new Error(`widgetkit-sessions 1 serves widgetkit 1, not ${version}`);

exports.create = () => new Map();
