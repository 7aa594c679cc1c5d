'use strict';
// widgetkit-sessions 2 serves widgetkit 2 only, as a framework's plugins often serve one major: no version of it
// serves both, so a project's lockfile cannot hold one that runs on widgetkit 1 and 2.
const { version } = require('widgetkit/package.json');

if (!version.startsWith('2.')) throw new Error(`widgetkit-sessions 2 serves widgetkit 2, not ${version}`);

exports.create = () => new Map();
