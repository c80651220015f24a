// `npm run bench`: every performance figure with a target, measured in one run on this machine and
// printed with its target and ratio. Absolute times vary with the machine and its load; compare ratios.
// Headless Chromium renders with SwiftShader (software), so its figures are relative only.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runSceneBench } from './sceneBench';
import { runSiteSceneBench } from './siteScene.bench';
import { BATCH_MS } from '../../src/ros/transport/outbox';
import { runBigFrameBench, type Longest } from './bigFrame.bench';
import { runHubBench } from './hub.bench';
import { runMeshBench } from './meshFrame.bench';
import { runIngestBench } from './ingest.bench';
import { runReconnectBench } from './reconnect.bench';
import { runSensorsBench } from './sensors.bench';
import { runTeleopBench } from './teleop.bench';
import { runEstopBench } from './estop.bench';

const f = (x: number, d = 2) => x.toFixed(d);
const line = (name: string, value: string, target = '') => console.log(`  ${name.padEnd(52)} ${value.padStart(14)}  ${target}`);

/** `BENCH_ONLY=ingest,browser npm run bench` runs only those sections (keys in the section titles' order below). */
const ONLY = new Set(
  (process.env.BENCH_ONLY ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
);
/** A section that has not finished after this long fails (so the run always ends), default 15 min. */
const SECTION_TIMEOUT_MS = Number(process.env.BENCH_SECTION_TIMEOUT_MS ?? 15 * 60_000);

/** Handles a section left open (sockets, servers, timers, child processes): printed so leaks are found. */
function openHandles(): string[] {
  return process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap');
}

/**
 * Runs one section. On timeout the section's signal is aborted so that it closes what it started (a browser
 * left streaming the site scene would otherwise load every later section's figures), and the run waits a
 * little for it to do so.
 */
async function section(key: string, title: string, fn: (signal: AbortSignal) => Promise<void> | void): Promise<void> {
  if (ONLY.size > 0 && !ONLY.has(key)) return;
  console.log(`\n== ${title}  [${key}]`);
  const before = openHandles().length;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const abort = new AbortController();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`section did not end within ${SECTION_TIMEOUT_MS / 1000} s`)), SECTION_TIMEOUT_MS);
  });
  const run = Promise.resolve().then(() => fn(abort.signal));
  try {
    await Promise.race([run, timeout]);
  } catch (err) {
    if (!abort.signal.aborted) abort.abort();
    await Promise.race([run.catch(() => undefined), new Promise((r) => setTimeout(r, 30_000))]);
    process.exitCode = 1;
    console.log(`  FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  } finally {
    clearTimeout(timer);
  }
  // Let closing sockets finish their last callbacks before counting what is still open.
  await new Promise((r) => setTimeout(r, 200));
  const left = openHandles();
  if (left.length > before) console.log(`  (left open after this section: ${left.join(', ')})`);
}

await section('ingest', 'Robot link ingest, /joint_states (30 joints), one core', async () => {
  const r = await runIngestBench();
  const rate = (us: number) => `${Math.round(1e6 / us).toLocaleString('en')} msg/s`;
  line('(a) JSON.parse alone', rate(r.jsonParseUs), `${f(r.jsonParseUs)} µs/msg`);
  line('(b) roslib 2.1.0 own path, JSON', rate(r.roslibJsonUs), `${f(r.roslibJsonUs / r.jsonParseUs)}x JSON.parse`);
  line('(c) this link, JSON', rate(r.linkJsonUs), `${f(r.linkJsonUs / r.jsonParseUs)}x JSON.parse (target <= 1.5x; >= 20,000 msg/s)`);
  line('(a) cbor-x decode alone', rate(r.cborDecodeUs), `${f(r.cborDecodeUs)} µs/msg`);
  line('(b) roslib 2.1.0 own path, CBOR', rate(r.roslibCborUs), `${f(r.roslibCborUs / r.linkCborUs)}x this link`);
  line(
    '(c) this link, CBOR',
    rate(r.linkCborUs),
    `${f(r.linkCborUs / r.jsonParseUs)}x JSON.parse, ${f(r.linkCborUs / r.cborDecodeUs)}x cbor-x`,
  );
  line(
    `heap before / after ${r.messages.toLocaleString('en')} messages`,
    `${f(r.heapBeforeMb, 1)} / ${f(r.heapAfterMb, 1)} MB`,
    `growth ${f(r.heapAfterMb - r.heapBeforeMb, 1)} MB (must stay flat)`,
  );
});

await section(
  'reconnect',
  'Robot link reconnect: simulated robot restarted 20 times, server listening again -> first message',
  async () => {
    const r = await runReconnectBench();
    line(`outages (ms, in turn)`, r.outagesMs.join(', '));
    line('p50 to live data', `${f(r.p50Ms, 0)} ms`);
    line('p95 to live data', `${f(r.p95Ms, 0)} ms`, 'target <= 2000 ms');
    line('slowest', `${f(r.maxMs, 0)} ms`);
    line('connection attempts per second while down', f(r.attemptsPerSecond), 'about 1 (a refused TCP connect each)');
  },
);

await section('scene', 'Scene data path (Node; rendering is measured in the browser below)', () => {
  for (const row of runSceneBench()) line(row.name, `${f(row.ms)} ms`, `${row.unit}${row.target ? `; target ${row.target}` : ''}`);
});

await section('sensors', 'Sensors', async () => {
  for (const [k, v] of Object.entries(await runSensorsBench())) line(k, f(v));
});

await section('teleop', 'Teleop: key press to /cmd_vel at the simulated robot, loopback, 1,000 presses', async () => {
  for (const [k, v] of Object.entries(await runTeleopBench())) line(k, f(v), k.includes('p99') ? 'target p99 < 30 ms' : '');
});

await section(
  'bigframe',
  'UI thread while a 10 MB /map frame (with a 300k-point cloud and a 1080p camera frame) arrives (Chromium, built console)',
  async () => {
    if (!existsSync(path.resolve(import.meta.dirname, '../../dist/index.html')))
      throw new Error('dist/ missing: run `npx vite build` first (npm run bench does)');
    const r = await runBigFrameBench();
    // Long Tasks API (tasks of 50 ms or more; "none" when there was none that long) / timer probe (any length).
    const ms = (l: Longest) =>
      `${l.ms > 0 ? `${f(l.ms, 0)} ms` : 'none >= 50 ms'} / wait ${f(l.waitMs, 0)} ms; ${l.longTasks} long tasks, blocking ${f(l.blockingMs, 0)} ms`;
    const base = (l: Longest) =>
      `idle before: ${l.baselineMs > 0 ? `${f(l.baselineMs, 0)} ms` : 'none'} / wait ${f(l.baselineWaitMs, 0)} ms; target: about one frame`;
    line(`frame size`, `${f(r.frameMb, 1)} MB`);
    line('longest UI-thread block, link decoding in its worker', ms(r.workerLongest), base(r.workerLongest));
    line(
      'longest UI-thread block, link decoding on the UI thread',
      ms(r.inlineLongest),
      r.workerLongest.ms > 0 ? `${f(r.inlineLongest.ms / r.workerLongest.ms)}x the worker; ${base(r.inlineLongest)}` : '',
    );
    line(`the map and a 300k-point cloud together (${f(r.withCloudMb, 1)} MB)`, ms(r.withCloudLongest), base(r.withCloudLongest));
    line(
      `the map, the cloud and a 1080p JPEG camera frame together, camera panel open (${f(r.allThreeMb, 1)} MB)`,
      ms(r.allThreeLongest),
      base(r.allThreeLongest),
    );
    line('the map alone, page composited by the GPU process (no read-back)', ms(r.gpuCompositedLongest), base(r.gpuCompositedLongest));
  },
);

await section('mesh', 'UI thread while a 25 MB URDF mesh file arrives for a walking humanoid (Chromium, built console)', async () => {
  if (!existsSync(path.resolve(import.meta.dirname, '../../dist/index.html')))
    throw new Error('dist/ missing: run `npx vite build` first (npm run bench does)');
  const r = await runMeshBench();
  const ms = (l: Longest) => `${l.ms > 0 ? `${f(l.ms, 0)} ms` : 'none >= 50 ms'} / wait ${f(l.waitMs, 0)} ms`;
  const base = (l: Longest) => `idle before: ${l.baselineMs > 0 ? `${f(l.baselineMs, 0)} ms` : 'none'} / wait ${f(l.baselineWaitMs, 0)} ms`;
  line('file size / triangles (binary STL)', `${f(r.fileMb, 1)} MB / ${r.triangles.toLocaleString('en')}`);
  line('longest UI-thread block, parsed in the preparation pool', ms(r.pool), `${r.poolAnswered} files parsed there; ${base(r.pool)}`);
  line(
    'longest UI-thread block, parsed on the UI thread (?prep=inline)',
    ms(r.inline),
    r.pool.ms > 0 ? `${f(r.inline.ms / r.pool.ms)}x the pool; ${base(r.inline)}` : base(r.inline),
  );
  const drawn = (s: NonNullable<typeof r.adaptive>) =>
    `${f(s.fps, 1)} frames/s (${f(1000 / Math.max(s.fps, 0.01), 0)} ms apart); robot ${s.triangles.toLocaleString('en')} triangles, level ${s.level}`;
  if (r.adaptive) line('torso in: adaptive detail (its simplified twin when reduced)', drawn(r.adaptive));
  if (r.full)
    line(
      'torso in: full detail (the file as it is)',
      drawn(r.full),
      r.adaptive && r.full.fps > 0 ? `adaptive draws ${f(r.adaptive.fps / r.full.fps)}x the frames` : '',
    );
  else line('torso in: full detail', 'not compared: the view never reduced its detail (frames fast enough)');
});

await section(
  'site',
  'The 3D view with a whole site in it (Chromium, built console; software rendering here: compare ratios)',
  async (signal) => {
    if (!existsSync(path.resolve(import.meta.dirname, '../../dist/index.html')))
      throw new Error('dist/ missing: run `npx vite build` first (npm run bench does)');
    const r = await runSiteSceneBench({ log: (s) => console.log(`  ${s}`), signal });
    line('renderer', r.renderer.slice(0, 60));
    const ft = (t: typeof r.empty) => `${f(t.p50Ms, 1)} / ${f(t.p95Ms, 1)} / ${f(t.maxMs, 0)} ms`;
    line(`empty console: frame time p50 / p95 / max (${r.empty.frames} drawn frames)`, ft(r.empty));
    line(
      `site scene: frame time p50 / p95 / max (${r.site.frames} drawn frames)`,
      ft(r.site),
      `p95 ${f(r.site.p95Ms / r.empty.p95Ms)}x the empty scene (target <= 2x); ${f(1000 / r.site.p50Ms, 0)} fps at p50 (GPU target 60)`,
    );
    line(
      'site scene: draw calls / triangles (renderer.info)',
      `${r.info.calls} / ${r.info.triangles.toLocaleString('en')}`,
      `points ${r.info.points.toLocaleString('en')}, lines ${r.info.lines}`,
    );
    line(
      'site scene: level of detail the view chose (0 = full; detailGovernor.ts)',
      String(r.detail.level),
      r.detail.level > 0
        ? `clouds thinned, big marker batches and robots' round parts coarse${r.detail.level >= 4 ? ', half resolution' : ''}; robots' size, pose and joints, maps exact`
        : 'everything drawn in full',
    );
    if (r.full)
      line(
        `same scene at "Full detail": frame time p50 / p95 / max (${r.full.frames.frames} drawn frames)`,
        ft(r.full.frames),
        `reduced detail draws ${f(r.full.frames.p50Ms / r.site.p50Ms)}x as many frames at p50; full: ${r.full.info.triangles.toLocaleString('en')} triangles, ${r.full.info.points.toLocaleString('en')} points`,
      );
    line(
      'site scene: frame pacing (cost of a drawn frame / wait left after it)',
      r.pacer.pacing ? `${f(r.pacer.costMs, 0)} / ${f(r.pacer.gapMs, 0)} ms` : 'not pacing',
      `${r.pacer.skipped} display frames left to the UI, ${r.pacer.drawn} drawn`,
    );
    line(
      'site scene: link workers -> page, messages / posts per second',
      `${f(r.handoff.messages / r.handoff.seconds, 0)} / ${f(r.handoff.posts / r.handoff.seconds, 0)}`,
      `${f(r.handoff.messages / Math.max(1, r.handoff.posts))} messages per post (outbox.ts batches what arrives within ${BATCH_MS} ms)`,
    );
    line(
      `site scene: key press -> page handler, p50 / max (${r.keys.samples})`,
      `${f(r.keys.p50Ms, 0)} / ${f(r.keys.maxMs, 0)} ms`,
      'the controls while the view is loaded (E-STOP has F1 and its button)',
    );
    line(
      `/tf at the socket -> frame drawing it: p50 / p99 (${r.msgToScreen.samples})`,
      `${f(r.msgToScreen.p50Ms, 1)} / ${f(r.msgToScreen.p99Ms, 1)} ms`,
      `target p99 <= one frame + its render time (${f(r.site.p50Ms * 2, 0)} ms at p50 frames)`,
    );
    line(
      `page heap after warm-up / after ${r.heap.minutes} min streaming`,
      `${f(r.heap.warmMb, 1)} / ${f(r.heap.endMb, 1)} MB`,
      `growth ${f(r.heap.growthPct, 1)}% (target < 5%)`,
    );
  },
);

await section('hub', 'Site hub: console-to-console propagation and records/s, 1 / 10 / 50 simulated consoles', async () => {
  const rows = await runHubBench({ log: (s) => console.log(`  ${s}`) });
  for (const r of rows) {
    const who = `${r.backend}, ${r.consoles} console${r.consoles > 1 ? 's' : ''}`;
    line(
      `${who}: propagation p50 / p99`,
      `${f(r.propagationP50Ms, 1)} / ${f(r.propagationP99Ms, 1)} ms`,
      'one pushes, the others receive live (target well under 1 s)',
    );
    line(`${who}: records/s taken in`, `${Math.round(r.ingestPerSecond).toLocaleString('en')}`, 'all pushing at once, batches of 200');
    line(
      `${who}: records/s delivered to every console`,
      `${Math.round(r.deliveredPerSecond).toLocaleString('en')}`,
      `x${r.consoles} entries out (live + pull)`,
    );
  }
});

await section('estop', 'E-stop: call to the simulated robot (zero twist, disabled, goal canceled), loopback, 100 e-stops', async () => {
  for (const [k, v] of Object.entries(await runEstopBench())) {
    const target = k.includes('goal_canceled_p99') ? 'target p99 < 250 ms' : k.includes('zero_twist_p99') ? 'target p99 < 30 ms' : '';
    line(k, f(v), target);
  }
});

// Every section cleans up after itself (the line after a section names what it left open); this ends the run
// even if one that failed left a socket open.
const left = openHandles();
if (left.length) console.log(`\n(still open at the end, closed by exiting: ${left.join(', ')})`);
console.log(`\nbench ${process.exitCode ? 'FAILED in a section above' : 'done: every section ran'}`);
process.exit(process.exitCode ?? 0);
