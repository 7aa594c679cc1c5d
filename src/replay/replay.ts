/**
 * @module replay/replay
 * `straddle replay`: the same recorded requests sent to the app on the old major twice (primary, secondary) and on
 * the new major once (candidate), each instance in its own process and its own copy of the project. What differs
 * between primary and secondary is noise, learned per route; what differs between primary and candidate, noise
 * apart, is a finding, grouped by route and place and tied to a rule where the pack's signatures explain it.
 *
 * A request that changes state (with `unsafeMethods`) is a barrier: what is in flight finishes, then it goes to one
 * instance at a time (their state may be one database), each first reset by the user's command or, without one,
 * restarted: every instance answers it from the same state.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { discoverFiles } from '../engine/discover.ts';
import { runPack } from '../engine/run.ts';
import { prepareCopies, type CopyPool, type VersionCopy } from '../matrix/index.ts';
import { runCapture } from '../matrix/run-command.ts';
import type { Pack } from '../pack.ts';
import { readWarnings } from '../upgrade/diagnose.ts';
import { COMPARED_HEADERS, compareResponses, type Difference, type ReplayResponse } from './compare.ts';
import { startInstance, type AppSpec, type Instance } from './instance.ts';
import { Noise, placeOf, routeKey, type ClockWindow } from './noise.ts';
import { SAFE_METHODS, type RecordedRequest } from './requests.ts';
import { send, type Answer } from './send.ts';
import { routeEvidence, sitesOf, type ReplaySite, type VersionWarnings } from './sites.ts';

export interface ReplayOptions {
  cwd: string;
  requests: readonly RecordedRequest[];
  app: AppSpec;
  /** Replay POST, PUT, PATCH and DELETE too: in recorded order, to one instance at a time, each from the same state. */
  unsafeMethods?: boolean;
  /**
   * Run (as argv, in the instance's copy, with its PORT) before each instance gets a request that changes state,
   * to put its state back (a database the instances share). Without it, the instance is restarted instead.
   */
  reset?: string[];
  /** Requests in flight at once (safe methods only). */
  concurrency?: number;
  timeoutMs?: number;
  cacheDir?: string;
  /** The upgrade loop's copies, refreshed and kept between its runs (matrix/copy-pool); else copies made and removed. */
  copies?: CopyPool;
  /** Look up where each finding's rule sits in the project (a scan, the shim's warnings). Default true. */
  sites?: boolean;
}

/**
 * What the candidate answers otherwise on one route: for one rule (every difference of an answer one of its
 * differences is explained by), or at one place where no rule explains it.
 */
export interface ReplayFinding {
  route: string;
  /** The places in the answers that differ, array indexes folded (`status`, `header location`, `body $.items[].id`). */
  places: string[];
  /** The rule whose change explains it, and how, where the pack's signatures tell (or the route, see `by`). */
  ruleId?: string;
  why?: string;
  /**
   * `route` when no answer's signature named the rule, but the request reached a handler with a site of it: likely,
   * not shown. Absent when the answers themselves show the change.
   */
  by?: 'route';
  /** Requests that showed it. */
  count: number;
  /** Where its rule sits in the project: the sites the shim saw run first, then the ones a scan finds. */
  sites?: ReplaySite[];
  /** The first request that showed it, its first difference (the one the rule explains), and the two answers. */
  example: { method: string; url: string; where: string; old: string; new: string; answers: { old: ShownAnswer; new: ShownAnswer } };
}

/** An answer as a report shows it: the status, the compared headers it has, the body's first SHOWN_BODY characters. */
export interface ShownAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** True when the body was longer than what is shown. */
  truncated: boolean;
}

const SHOWN_BODY = 2_000;

export interface ReplayReport {
  pack: string;
  /** The resolved versions: primary and secondary ran `old`, the candidate `new`. */
  versions: { old: string; new: string };
  requests: { sent: number; skipped: number; failed: Array<{ method: string; url: string; error: string }> };
  /** The places each route ignores because the two old instances differ there. */
  noise: Array<{ route: string; places: string[] }>;
  findings: ReplayFinding[];
  /**
   * Old forms the runtime shim (where the app wires it) saw run and kept working on the new major: differences it
   * hides, which show once it is removed. By rule, with the sites that ran.
   */
  shimmed: Array<{ ruleId: string; sites: ReplaySite[] }>;
  ok: boolean;
}

interface Exchange {
  request: RecordedRequest;
  primary: Answer;
  secondary: Answer;
  candidate: Answer;
}

export async function runReplay(pack: Pack<any>, options: ReplayOptions): Promise<ReplayReport> {
  const replayed = options.requests.filter((r) => options.unsafeMethods || SAFE_METHODS.has(r.method));
  const copies = await prepareCopies({ cwd: options.cwd, packageName: pack.packageName, versions: [pack.versions.old, pack.versions.old, pack.versions.new], companions: pack.companions, cacheDir: options.cacheDir, copies: options.copies });
  const ready = copies.filter((copy): copy is VersionCopy => 'dir' in copy);
  const instances: Instance[] = [];
  // each instance's shim warnings (where the app wires the shim), outside the copy the app serves
  const reports = mkdtempSync(path.join(tmpdir(), 'straddle-replay-'));
  const reportOf = (slot: number) => path.join(reports, `warnings-${slot}.jsonl`);
  const start = (slot: number) => startInstance(ready[slot]!.dir, { ...options.app, env: { ...options.app.env, STRADDLE_REPORT: reportOf(slot) } });
  try {
    const failed = copies.find((copy) => 'failure' in copy);
    if (failed && 'failure' in failed) throw new Error(failed.failure);
    for (const slot of ready.keys()) instances.push(await start(slot));
    const prepare = async (slot: number): Promise<string | undefined> => {
      if (!options.reset) {
        await instances[slot]!.stop();
        instances[slot] = await start(slot);
        return undefined;
      }
      const run = await runCapture(options.reset, { cwd: ready[slot]!.dir, env: { ...process.env, ...options.app.env, PORT: String(instances[slot]!.port) } });
      return run.exitCode === 0 ? undefined : `the reset command exited ${run.exitCode}: ${run.output.trim().split('\n').slice(-3).join(' / ')}`;
    };
    const from = Date.now();
    const exchanges = await sendAll(instances, replayed, options, prepare);
    const window = { from, to: Date.now() };
    const judged = judge(pack, exchanges, window);
    return {
      pack: pack.id,
      versions: { old: ready[0]!.version, new: ready[2]!.version },
      requests: {
        sent: exchanges.length,
        skipped: options.requests.length - replayed.length,
        failed: exchanges.flatMap(({ request, ...answers }) => {
          const error = Object.values(answers).find((a): a is { error: string } => 'error' in a);
          return error ? [{ method: request.method, url: request.url, error: error.error }] : [];
        }),
      },
      ...(options.sites === false ? { ...judged, shimmed: [] } : await withSites(pack, options.cwd, judged, ready.map((copy, slot) => ({ version: copy.version, report: reportOf(slot) })))),
    };
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
    await Promise.all(ready.map((copy) => copy.dispose()));
    rmSync(reports, { recursive: true, force: true });
  }
}

/** Findings of one route that a route's evidence gave the same rule are one finding, as the answers' rules are. */
function mergeByRule(findings: readonly ReplayFinding[]): ReplayFinding[] {
  const merged: ReplayFinding[] = [];
  for (const finding of findings) {
    const at = finding.by === 'route' ? merged.findIndex((f) => f.by === 'route' && f.route === finding.route && f.ruleId === finding.ruleId) : -1;
    if (at < 0) merged.push(finding);
    else merged[at] = { ...merged[at]!, places: [...new Set([...merged[at]!.places, ...finding.places])], count: Math.max(merged[at]!.count, finding.count) };
  }
  return merged;
}

/** Each finding with its rule's sites; the rules the shim warned of that no finding names, as shimmed. */
async function withSites(pack: Pack<any>, cwd: string, judged: Pick<ReplayReport, 'noise' | 'findings' | 'ok'>, reports: Array<{ version: string; report: string }>): Promise<Pick<ReplayReport, 'noise' | 'findings' | 'ok' | 'shimmed'>> {
  const files = (await discoverFiles(cwd)).map((file) => path.relative(cwd, file));
  const ran: VersionWarnings = reports.map(({ version, report }) => ({ version, warnings: readWarnings(report, files) }));
  const warned = ran.flatMap(({ warnings }) => warnings.map((warning) => warning.ruleId));
  if (!judged.findings.length && !warned.length) return { ...judged, shimmed: [] };
  const scan = (await runPack(pack, { cwd, files: files.map((file) => path.join(cwd, file)), fix: false, types: false, jobs: 1 })).findings;
  // what no answer's signature explains, the route its request reached may: the rules with sites in its handlers
  const unexplained = judged.findings.filter((finding) => !finding.ruleId);
  const byRoute = routeEvidence(pack, cwd, files, scan, unexplained.map((finding) => finding.example));
  const located = new Map(unexplained.map((finding, i) => [finding, byRoute[i]] as const));
  const named = new Set(judged.findings.flatMap((finding) => (finding.ruleId ? [finding.ruleId] : [])));
  const sites = sitesOf(scan, new Set([...named, ...warned]), ran);
  const findings = mergeByRule(
    judged.findings.map((finding): ReplayFinding => {
      const route = located.get(finding);
      if (route) return { ...finding, ruleId: route.ruleId, why: route.why, by: 'route', sites: route.sites };
      return finding.ruleId && sites.get(finding.ruleId)?.length ? { ...finding, sites: sites.get(finding.ruleId)! } : finding;
    }),
  );
  const shimmed = [...sites]
    .filter(([ruleId, list]) => !named.has(ruleId) && list.some((site) => site.ran))
    .map(([ruleId, list]) => ({ ruleId, sites: list.filter((site) => site.ran) }))
    .sort((a, b) => a.ruleId.localeCompare(b.ruleId));
  return { ...judged, findings, shimmed };
}

/**
 * Every request to the three instances, in recorded order: safe ones `concurrency` at a time, each to all three at
 * once; one that changes state alone, to each instance in turn after `prepare` (a reset or a restart) readied it.
 */
async function sendAll(instances: Instance[], requests: readonly RecordedRequest[], options: ReplayOptions, prepare: (slot: number) => Promise<string | undefined>): Promise<Exchange[]> {
  const timeout = options.timeoutMs ?? 10_000;
  const toAll = async (request: RecordedRequest): Promise<Answer[]> => Promise.all(instances.map((instance) => send(instance.port, request, timeout)));
  const oneByOne = async (request: RecordedRequest): Promise<Answer[]> => {
    const answers: Answer[] = [];
    for (const slot of instances.keys()) {
      const failed = await prepare(slot).catch((error: Error) => `could not restart the app: ${error.message}`);
      answers.push(failed ? { error: failed } : await send(instances[slot]!.port, request, timeout));
    }
    return answers;
  };
  const limit = Math.max(1, options.concurrency ?? 4);
  const results: Exchange[] = new Array(requests.length);
  const record = (index: number, [primary, secondary, candidate]: Answer[]) => (results[index] = { request: requests[index]!, primary: primary!, secondary: secondary!, candidate: candidate! });
  for (let start = 0; start < requests.length; ) {
    if (!SAFE_METHODS.has(requests[start]!.method)) {
      record(start, await oneByOne(requests[start]!));
      start++;
      continue;
    }
    // the run of safe requests up to the next one that changes state
    let end = start;
    while (end < requests.length && SAFE_METHODS.has(requests[end]!.method)) end++;
    let next = start;
    await Promise.all(
      Array.from({ length: Math.min(limit, end - start) }, async () => {
        while (next < end) {
          const index = next++;
          record(index, await toAll(requests[index]!));
        }
      }),
    );
    start = end;
  }
  return results;
}

/** Noise first, from every primary/secondary pair; then what the candidate does otherwise, grouped. */
function judge(pack: Pack<any>, exchanges: readonly Exchange[], window: ClockWindow): Pick<ReplayReport, 'noise' | 'findings' | 'ok'> {
  const answered = exchanges.filter((e): e is Exchange & Record<'primary' | 'secondary' | 'candidate', ReplayResponse> => ![e.primary, e.secondary, e.candidate].some((a) => 'error' in a));
  const noise = new Noise(window);
  for (const e of answered) noise.learn(routeKey(e.request.method, e.request.url), compareResponses(e.primary, e.secondary));
  const groups = new Map<string, ReplayFinding & { requests: Set<number> }>();
  answered.forEach((e, index) => {
    const route = routeKey(e.request.method, e.request.url);
    const differences = noise.filter(route, compareResponses(e.primary, e.candidate));
    const explained = differences.map((difference) => explain(pack, difference, e));
    // one change shows in several places (a status, its body, its content type): the explained one names them all
    const lead = explained.findIndex(Boolean);
    differences.forEach((difference, i) => {
      const why = explained[i] ?? explained[lead];
      const shown = explained[i] || lead < 0 ? difference : differences[lead]!;
      const key = `${route}\0${why?.ruleId ?? placeOf(difference)}`;
      const example = { method: e.request.method, url: e.request.url, where: shown.where, old: shown.old, new: shown.new, answers: { old: shownAnswer(e.primary), new: shownAnswer(e.candidate) } };
      const group = groups.get(key) ?? { route, places: [], ...why, count: 0, requests: new Set(), example };
      groups.set(key, group);
      if (!group.places.includes(placeOf(difference))) group.places.push(placeOf(difference));
      group.requests.add(index);
      group.count = group.requests.size;
    });
  });
  const findings = [...groups.values()]
    .map(({ requests: _requests, ...finding }) => finding)
    .sort((a, b) => a.route.localeCompare(b.route) || (a.ruleId ?? '~').localeCompare(b.ruleId ?? '~') || a.places[0]!.localeCompare(b.places[0]!));
  return { noise: noise.summary(), findings, ok: findings.length === 0 };
}

function shownAnswer(answer: ReplayResponse): ShownAnswer {
  const headers = Object.fromEntries(COMPARED_HEADERS.filter((name) => name in answer.headers).map((name) => [name, answer.headers[name]!]));
  return { status: answer.status, headers, body: answer.body.slice(0, SHOWN_BODY), truncated: answer.body.length > SHOWN_BODY };
}

function explain(pack: Pack<any>, difference: Difference, e: { request: RecordedRequest; primary: ReplayResponse; candidate: ReplayResponse }) {
  const explained = pack.explainReplay?.(difference, { request: e.request, old: e.primary, new: e.candidate });
  return explained ? { ruleId: explained.ruleId, why: explained.why } : undefined;
}
