'use strict';
// Preloaded (--require) into a process bench/_command.ts measures: at exit, its wall time from process start, its
// CPU time and its peak RSS, as one `MEASURE {json}` line on stderr.
process.on('exit', () => {
  const cpu = process.cpuUsage();
  const line = { ms: Math.round(performance.now()), cpuMs: Math.round((cpu.user + cpu.system) / 1000), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
  process.stderr.write(`MEASURE ${JSON.stringify(line)}\n`);
});
