/**
 * @module reporters/replay-html
 * `straddle replay --format html`: one self-contained page (no script, no external file) a reviewer opens from a CI
 * artifact: each finding with its rule and the example request's two answers side by side.
 */
import type { ReplayFinding, ReplayReport, ShownAnswer } from '../replay/replay.ts';
import { whereToFix } from './replay.ts';

const STYLE = `body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:80em}h2{font-size:1.05em;margin:1.6em 0 .3em}
.rule{color:#8a5a00}.none{color:#666}.pair{display:grid;grid-template-columns:1fr 1fr;gap:1em}
pre{background:#f6f6f6;padding:.6em;overflow:auto;max-height:24em;white-space:pre-wrap;word-break:break-all;margin:0}
.differs{background:#fff1c2}h3{font-size:.95em;margin:.4em 0}table{border-collapse:collapse}td{padding:0 1em 0 0;vertical-align:top}`;

export function formatReplayHtml(report: ReplayReport): string {
  const { old, new: next } = report.versions;
  const title = `straddle replay: ${report.pack} ${old} and ${next}`;
  const summary = report.findings.length
    ? `${report.findings.length} differences between the majors, over ${report.requests.sent} requests.`
    : `No answer differs between the majors, over ${report.requests.sent} requests.`;
  const noise = report.noise.length
    ? `<p class="none">Ignored as noise (the two ${esc(old)} instances differ there too): ${report.noise.map((n) => `${esc(n.route)} ${esc(n.places.join(', '))}`).join('; ')}</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title><style>${STYLE}</style></head>
<body><h1>${esc(title)}</h1><p>${esc(summary)}</p>${noise}
${report.findings.map((finding) => section(report.pack, finding, `${report.pack} ${old}`, `${report.pack} ${next}`)).join('\n')}
${shimmed(report)}
</body></html>
`;
}

function section(pack: string, finding: ReplayFinding, old: string, next: string): string {
  const { method, url, where, answers } = finding.example;
  const why = finding.ruleId
    ? `<p class="rule"><b>${esc(finding.ruleId)}</b>${finding.by === 'route' ? ' (likely)' : ''}: ${esc(finding.why ?? '')}</p><p>${esc(whereToFix(pack, finding.ruleId, finding.sites ?? []))}</p>`
    : '<p class="none">No rule explains it: compare the two answers by hand.</p>';
  const count = finding.count > 1 ? ` (${finding.count} requests)` : '';
  return `<section><h2>${esc(finding.route)}: ${esc(finding.places.join(', '))}${count}</h2>${why}
<p>e.g. <code>${esc(method)} ${esc(url)}</code>, first at ${esc(where)}</p>
<div class="pair">${answer(old, answers.old, answers.new)}${answer(next, answers.new, answers.old)}</div></section>`;
}

/** What the shim hid: old forms it kept working on the new major. */
function shimmed(report: ReplayReport): string {
  if (!report.shimmed.length) return '';
  const items = report.shimmed.map(({ ruleId, sites }) => `<li><b>${esc(ruleId)}</b> ${esc(whereToFix(report.pack, ruleId, sites))}</li>`).join('');
  return `<h2>Kept working by the runtime shim on ${esc(report.versions.new)}</h2><p class="none">These answer differently once the shim is removed.</p><ul>${items}</ul>`;
}

/** One side; what differs from the other side is marked. */
function answer(label: string, own: ShownAnswer, other: ShownAnswer): string {
  const mark = (differs: boolean) => (differs ? ' class="differs"' : '');
  const names = [...new Set([...Object.keys(own.headers), ...Object.keys(other.headers)])];
  const headers = names.map((name) => `<tr${mark(own.headers[name] !== other.headers[name])}><td>${esc(name)}</td><td>${esc(own.headers[name] ?? '(none)')}</td></tr>`).join('');
  return `<div><h3>${esc(label)}</h3><table><tr${mark(own.status !== other.status)}><td>status</td><td>${own.status}</td></tr>${headers}</table>
<pre${mark(own.body !== other.body)}>${esc(own.body)}${own.truncated ? '\n…' : ''}</pre></div>`;
}

function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
