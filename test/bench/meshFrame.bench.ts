// The longest UI-thread block while a 25 MB URDF mesh file (the humanoid's torso at scanner resolution) arrives
// for a walking robot, in Debian's Chromium running the built console: once parsed in the preparation pool's
// workers (the default) and once on the UI thread (`?prep=inline`), in one run, so the two figures compare. The
// mesh server holds the torso until the rest of the body is drawn and a baseline was taken. Then, with the pool,
// what the view draws once the torso is in: frames a second and their cost at adaptive detail (the torso's
// simplified twin, meshDetail.ts, when the governor reduces) against full detail (the 512,000 triangles).
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startFleet } from '../../src/sim/fleet';
import { MESH_PACKAGE } from '../../src/sim/humanoid';
import { startMeshServer } from '../../src/sim/meshServer';
import { finerStl } from '../support/bigMesh';
import { CHROMIUM_ARGS, installProbes, previewBuilt, readLongest, type Longest } from './bigFrame.bench';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MESH_ROOT = path.join(ROOT, 'test', 'fixtures', 'meshes');
const BASELINE_MS = 4000;
const STEADY_MS = 8000;

/** What the view drew over a while: frames drawn a second, the robot's triangles (at the end), the level. */
export interface Steady {
  fps: number;
  triangles: number;
  level: number;
}

async function steady(page: import('@playwright/test').Page, robotId: string): Promise<Steady> {
  const start = await page.evaluate(() => ({ frames: window.__scene!.renderInfo().frames, at: performance.now() }));
  await page.waitForTimeout(STEADY_MS);
  return page.evaluate(
    ({ start, robotId }) => {
      const s = window.__scene!;
      const secs = (performance.now() - start.at) / 1000;
      return {
        fps: (s.renderInfo().frames - start.frames) / secs,
        triangles: s.robotTriangles(robotId),
        level: s.detail().effective,
      };
    },
    { start, robotId },
  );
}

export async function runMeshBench(): Promise<{
  fileMb: number;
  triangles: number;
  pool: Longest;
  inline: Longest;
  poolAnswered: number;
  adaptive: Steady | null;
  full: Steady | null;
}> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-meshes-'));
  cpSync(MESH_ROOT, dir, { recursive: true });
  const torso = path.join(dir, MESH_PACKAGE, 'meshes', 'torso.stl');
  const big = finerStl(readFileSync(torso), 80);
  writeFileSync(torso, big);
  let release = () => {};
  let held = Promise.resolve();
  const hold = () => {
    held = new Promise<void>((r) => (release = r));
  };
  const meshes = await startMeshServer({ root: dir, hold: (p) => (p.endsWith('/torso.stl') ? held : undefined) });
  const fleet = await startFleet({ robots: 1, basePort: 0, sensors: false, meshUrdf: true });
  const { server, pageUrl } = await previewBuilt();
  const robot = fleet.robots[0]!;
  let poolAnswered = 0;
  let adaptive: Steady | null = null;
  let full: Steady | null = null;
  const measure = async (mode: 'pool' | 'inline'): Promise<Longest> => {
    hold();
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS] });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await installProbes(page);
      const q = `robot=${encodeURIComponent(robot.url)}&meshBase=${encodeURIComponent(meshes.url)}${mode === 'inline' ? '&prep=inline' : ''}`;
      await page.goto(`${pageUrl}?${q}`);
      const fileMeshes = () => page.evaluate((id) => window.__scene?.robotBody(id)?.fileMeshes ?? 0, robot.url);
      const t0 = Date.now();
      // everything but the held torso (the feet are missing files)
      while ((await fileMeshes()) < 9 && Date.now() - t0 < 60_000) await page.waitForTimeout(200);
      if ((await fileMeshes()) < 9) throw new Error('the humanoid body was never drawn');
      const drawnAt = Date.now();
      await page.waitForTimeout(BASELINE_MS + 1000);
      const sentAt = Date.now();
      release();
      const t1 = Date.now();
      while ((await fileMeshes()) < 10 && Date.now() - t1 < 60_000) await page.waitForTimeout(200);
      if ((await fileMeshes()) < 10) throw new Error('the 25 MB torso was never drawn');
      await page.waitForTimeout(3000);
      if (mode !== 'pool') return await readLongest(page, sentAt, drawnAt);
      poolAnswered = (await page.evaluate(() => window.__scene?.prepPool()?.answered.mesh)) ?? 0;
      const longest = await readLongest(page, sentAt, drawnAt);
      adaptive = await steady(page, robot.url);
      // Full detail is offered only once the view has reduced (never, where frames are fast: a GPU).
      const toggle = page.getByTestId('scene-detail-toggle');
      if (await toggle.isVisible()) {
        await toggle.click({ timeout: 15_000 });
        await page.waitForTimeout(1000);
        full = await steady(page, robot.url);
      }
      return longest;
    } finally {
      release();
      await browser.close();
    }
  };
  try {
    const pool = await measure('pool');
    const inline = await measure('inline');
    return { fileMb: big.length / 1e6, triangles: big.readUInt32LE(80), pool, inline, poolAnswered, adaptive, full };
  } finally {
    release();
    await server.close();
    await fleet.stop();
    await meshes.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
