// Robot bodies from real descriptions: an invalid /robot_description is drawn as a red outline and explained
// (line, element) in the robot's Problems and the scene warnings, with no three.js errors; once the robot comes
// back with a corrected one, the console reads it again and draws the body. A humanoid whose description uses
// package:// meshes is drawn from STL, COLLADA and OBJ files fetched from a mesh server, and the files that
// are missing (its feet) are named while their collision shapes stand in. A 25 MB torso mesh arriving while the
// humanoid walks is parsed in a preparation worker, and the view keeps drawing the walk meanwhile; at reduced
// detail it draws the torso's simplified twin, and "Full detail" the file as it is.
// Uses window.__scene (read-only test instrumentation, see src/scene/SceneInstruments.tsx).
import { expect, test, type Page } from '@playwright/test';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFleet, type SimFleet } from '../../src/sim/fleet';
import { humanoidUrdf, MESH_PACKAGE } from '../../src/sim/humanoid';
import { startMeshServer, type MeshServer } from '../../src/sim/meshServer';
import { finerStl } from '../support/bigMesh';
import { frameSummary, sampleFrames } from './frameWatch';

const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, 'screenshots');
const MESH_ROOT = join(HERE, '..', 'fixtures', 'meshes');

test.beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

test.beforeEach(({}, info) => {
  // Safe: skipped only in the Electron project, which exists only where an Electron binary does (the config
  // prints a loud SKIPPED line otherwise); these specs start their own simulated robots at run time.
  test.skip(info.project.name === 'electron', 'browser project only (robots given as ?robot=)'); // safe: Electron project only (see comment above)
});

function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Object3D\.add/.test(m.text())) errors.push(m.text());
  });
  return errors;
}

async function closeUp(page: Page, url: string): Promise<void> {
  await page.locator(`[data-testid="robot-card"][data-robot-id="${url}"]`).click();
  await page.getByTestId('scene-btn-perspective').click({ force: true });
  await page.getByTestId('scene-btn-follow').click({ force: true });
  await page.waitForTimeout(1500);
}

/** Wheels the view in on the robot (the camera follows it), so a screenshot shows its body's shape. */
async function zoomIn(page: Page, url: string): Promise<void> {
  const at = await page.evaluate((id) => window.__scene!.robotScreenPosition(id), url);
  if (!at) return;
  await page.mouse.move(at.x, at.y);
  for (let i = 0; i < 6; i++) {
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(150);
  }
  await page.waitForTimeout(1500);
}

const body = (page: Page, url: string) => page.evaluate((id) => window.__scene?.robotBody(id) ?? null, url);

test.describe('Robot descriptions', () => {
  // Generous: the robots, the mesh server and Chromium share the machine with whatever else runs.
  test.describe.configure({ timeout: 180_000 });
  let fleet: SimFleet;
  test.afterEach(async () => {
    await fleet?.stop();
  });

  test('an invalid description is explained and drawn as a placeholder; the corrected one is read after a reconnect', async ({ page }) => {
    fleet = await startFleet({ robots: 1, basePort: 0, sensors: false });
    const robot = fleet.robots[0]!;
    const good = robot.graph.params.get('/robot_description') as string;
    const bad = good.replace('<child link="head"/>', '<child link="haed"/>');
    expect(bad).not.toBe(good);
    const badLine = bad.split('\n').findIndex((l) => l.includes('"haed"')) + 1;
    robot.graph.params.set('/robot_description', bad);
    const errors = watchErrors(page);
    await page.goto(`./?robot=${encodeURIComponent(robot.url)}`);
    await expect.poll(async () => (await body(page, robot.url))?.kind, { timeout: 30_000 }).toBe('invalid');
    await closeUp(page, robot.url);
    await page.getByTestId('tab-problems').click();
    const problem = page.locator('[data-testid="problem"][data-kind="urdf-invalid"]');
    await expect(problem).toContainText(`line ${badLine}, <child>: link "haed" does not exist`);
    await page.getByTestId('scene-warnings').click();
    await expect(page.getByTestId('scene-warnings-list')).toContainText('robot descriptions that could not be loaded');
    await expect(page.getByTestId('scene-warnings-list')).toContainText(`line ${badLine}, <child>`);
    await page.screenshot({ path: join(SHOTS, 'urdf-invalid.png') });

    // Corrected while the robot was off: read again when it is back, without reloading the page.
    await robot.stop();
    const card = page.locator(`[data-testid="robot-card"][data-robot-id="${robot.url}"]`);
    await expect(card).not.toHaveAttribute('data-state', 'connected', { timeout: 15_000 });
    robot.graph.params.set('/robot_description', good);
    await robot.start();
    await expect(card).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
    await expect.poll(async () => (await body(page, robot.url))?.kind, { timeout: 20_000 }).toBe('urdf');
    await expect(problem).toHaveCount(0, { timeout: 5_000 });
    await page.getByTestId('scene-warnings').click(); // close the list
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(SHOTS, 'urdf-corrected.png') });
    expect(errors).toEqual([]);
  });

  test('a humanoid described with package:// meshes is drawn from STL, COLLADA and OBJ files; missing ones are named', async ({ page }) => {
    let meshes: MeshServer | undefined;
    try {
      meshes = await startMeshServer({ root: MESH_ROOT });
      fleet = await startFleet({ robots: 1, basePort: 0, sensors: false, meshUrdf: true });
      const robot = fleet.robots[0]!;
      expect(robot.graph.params.get('/robot_description')).toBe(humanoidUrdf(robot.name, [0.95, 0.55, 0.1], { meshes: true }));
      const errors = watchErrors(page);
      await page.goto(`./?robot=${encodeURIComponent(robot.url)}&meshBase=${encodeURIComponent(meshes.url)}`);
      // torso, head, 2 thighs, 2 shins, 2 upper arms, 2 forearms from files; both feet missing: their collision boxes
      await expect
        .poll(async () => await body(page, robot.url), { timeout: 30_000 })
        .toEqual({ kind: 'urdf', fileMeshes: 10, fallbackBoxes: 0, collisionShown: 2 });
      await closeUp(page, robot.url);
      await page.getByTestId('tab-problems').click();
      const problem = page.locator('[data-testid="problem"][data-kind="meshes-missing"]');
      await expect(problem).toContainText(`package://${MESH_PACKAGE}/meshes/foot.stl`);
      await expect(problem).toContainText('HTTP 404');
      await expect(problem).not.toContainText('torso.stl');
      // each file fetched once, though legs and arms use theirs four and two times
      const fetched = meshes.requests.filter((r) => r.startsWith(`/${MESH_PACKAGE}/`)).sort();
      expect(fetched).toEqual(['arm.obj', 'foot.stl', 'head.dae', 'leg.stl', 'torso.stl'].map((f) => `/${MESH_PACKAGE}/meshes/${f}`));
      // STL, OBJ and COLLADA were parsed in the preparation pool's workers (torso, leg, arm, head).
      expect((await page.evaluate(() => window.__scene!.prepPool()))?.answered.mesh).toBe(4);
      await zoomIn(page, robot.url);
      await page.screenshot({ path: join(SHOTS, 'urdf-meshes.png') });
      expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
    } finally {
      await meshes?.stop();
    }
  });

  test('a 25 MB torso mesh arrives while the humanoid walks: parsed off the page, no frozen frames, coarse when reduced', async ({
    page,
  }) => {
    test.setTimeout(240_000);
    const root = mkdtempSync(join(tmpdir(), 'console-meshes-'));
    let meshes: MeshServer | undefined;
    let release!: () => void;
    const torsoHeld = new Promise<void>((r) => (release = r));
    try {
      cpSync(MESH_ROOT, root, { recursive: true });
      const torso = join(root, MESH_PACKAGE, 'meshes', 'torso.stl');
      const big = finerStl(readFileSync(torso), 80);
      writeFileSync(torso, big);
      meshes = await startMeshServer({ root, hold: (path) => (path.endsWith('/torso.stl') ? torsoHeld : undefined) });
      fleet = await startFleet({ robots: 1, basePort: 0, sensors: false, meshUrdf: true });
      const robot = fleet.robots[0]!;
      const errors = watchErrors(page);
      await page.goto(`./?robot=${encodeURIComponent(robot.url)}&meshBase=${encodeURIComponent(meshes.url)}`);
      // Everything but the torso (held by the server) is drawn; the feet's stand-ins wait for the whole body.
      await expect.poll(async () => (await body(page, robot.url))?.fileMeshes, { timeout: 30_000 }).toBe(9);
      await page.waitForFunction((id) => window.__scene?.robotWorldPosition(id) != null, robot.url, { timeout: 30_000 });
      await page.waitForTimeout(2000);

      const before = frameSummary(await sampleFrames(page, robot.url, 5000));
      const sampling = sampleFrames(page, robot.url, 15_000);
      await page.waitForTimeout(200);
      release();
      const during = frameSummary(await sampling);
      console.log(
        `big mesh (${(big.length / 1e6).toFixed(1)} MB): before ${JSON.stringify(before)}; while it loads ${JSON.stringify(during)}`,
      );
      const bound = Math.max(3000, 4 * before.longestFrame);
      expect(during.frames).toBeGreaterThan(5);
      expect(during.longestFrame).toBeLessThan(bound);
      expect(during.longestStill).toBeLessThan(bound);
      expect(during.travelled).toBeGreaterThan(0.2);
      await expect
        .poll(async () => await body(page, robot.url), { timeout: 30_000 })
        .toEqual({ kind: 'urdf', fileMeshes: 10, fallbackBoxes: 0, collisionShown: 2 });
      // torso, leg, arm and head went through the preparation workers
      expect((await page.evaluate(() => window.__scene!.prepPool()))?.answered.mesh).toBe(4);
      await closeUp(page, robot.url);
      await zoomIn(page, robot.url);
      // Drawn in software the 512,000 triangles are slow: the view reduces its detail and the torso draws its
      // simplified twin (meshDetail.ts), with the robot's other parts, in under 40,000 triangles.
      const triangles = () => page.evaluate((id) => window.__scene!.robotTriangles(id), robot.url);
      await expect
        .poll(async () => ((await page.evaluate(() => window.__scene!.detail().effective)) > 0 ? await triangles() : -1), {
          timeout: 60_000,
          message: 'the view never drew the torso coarse',
        })
        .toBeGreaterThan(1_000);
      await expect.poll(triangles, { timeout: 10_000 }).toBeLessThan(40_000);
      const stats = page.getByTestId('scene-stats');
      await expect(stats).toContainText('reduced detail', { timeout: 10_000 });
      // the badge counts what was drawn: tens of thousands of triangles, not half a million
      await expect(stats).toContainText(/ \d{1,2},\d{3} triangles/, { timeout: 10_000 });
      await page.waitForTimeout(1500);
      await page.screenshot({ path: join(SHOTS, 'urdf-big-mesh-reduced.png') });
      // "Full detail" draws the file as it is again.
      await page.getByTestId('scene-detail-toggle').click({ timeout: 15_000 });
      await expect.poll(triangles, { timeout: 10_000 }).toBeGreaterThan(512_000);
      await expect(stats).toContainText(/ 5\d\d,\d{3} triangles/, { timeout: 20_000 });
      await page.waitForTimeout(3000);
      await page.screenshot({ path: join(SHOTS, 'urdf-big-mesh.png') });
      expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
    } finally {
      release();
      await meshes?.stop();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
