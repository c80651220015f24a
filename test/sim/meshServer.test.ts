import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMeshServer, type MeshServer } from '../../src/sim/meshServer';
import { humanoidUrdf, MESH_PACKAGE } from '../../src/sim/humanoid';
import { checkUrdf } from '../../src/scene/urdfValidate';

const ROOT = join(__dirname, '..', 'fixtures', 'meshes');
let server: MeshServer;

beforeAll(async () => {
  server = await startMeshServer({ root: ROOT });
});
afterAll(async () => {
  await server.stop();
});

describe('mesh server', () => {
  it('serves the mesh humanoid package with CORS open, and nothing outside its root', async () => {
    const ok = await fetch(`${server.url}/${MESH_PACKAGE}/meshes/torso.stl`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe('*');
    expect(new Uint8Array(await ok.arrayBuffer())).toEqual(new Uint8Array(readFileSync(join(ROOT, MESH_PACKAGE, 'meshes', 'torso.stl'))));
    expect((await fetch(`${server.url}/${MESH_PACKAGE}/meshes/foot.stl`)).status).toBe(404);
    expect((await fetch(`${server.url}/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
  });

  it("the mesh humanoid's description is valid and names only files the server has, except the feet", async () => {
    const check = checkUrdf(humanoidUrdf('atlas-1', [1, 0.5, 0], { meshes: true }));
    expect(check.issues).toEqual([]);
    const files = [...new Set(check.meshes)].sort();
    expect(files).toEqual(['arm.obj', 'foot.stl', 'head.dae', 'leg.stl', 'torso.stl'].map((f) => `package://${MESH_PACKAGE}/meshes/${f}`));
    const status = await Promise.all(files.map(async (f) => (await fetch(f.replace('package://', `${server.url}/`))).status));
    expect(status).toEqual([200, 404, 200, 200, 200]);
  });

  it('holds the answer to a path until the test lets it go, and answers the others meanwhile', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const held = await startMeshServer({ root: ROOT, hold: (path) => (path.endsWith('/torso.stl') ? gate : undefined) });
    try {
      let answered = false;
      const torso = fetch(`${held.url}/${MESH_PACKAGE}/meshes/torso.stl`).then((r) => ((answered = true), r));
      expect((await fetch(`${held.url}/${MESH_PACKAGE}/meshes/leg.stl`)).status).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
      expect(answered).toBe(false);
      release();
      expect((await torso).status).toBe(200);
    } finally {
      await held.stop();
    }
  });

  it('stops at once though a page still has a request open (a held file) and keep-alive connections', async () => {
    const held = await startMeshServer({ root: ROOT, hold: () => new Promise<void>(() => {}) });
    const pending = fetch(`${held.url}/${MESH_PACKAGE}/meshes/torso.stl`).then(
      () => 'answered',
      () => 'cut off',
    );
    await new Promise((r) => setTimeout(r, 100));
    const stopped = await Promise.race([held.stop().then(() => 'stopped'), new Promise((r) => setTimeout(() => r('still running'), 3000))]);
    expect(stopped).toBe('stopped');
    expect(await pending).toBe('cut off');
  });
});
