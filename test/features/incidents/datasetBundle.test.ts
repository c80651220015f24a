import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ConsoleDb } from '../../../src/storage/db';
import { createIncidentRepo } from '../../../src/features/incidents/incidentRepo';
import { BundleError, ExportCancelled, exportBundle, importBundle, parseBundle } from '../../../src/features/incidents/datasetBundle';
import { writeClip } from '../../../src/features/incidents/mcapClip';
import { readTar, writeTar } from '../../../src/features/incidents/tar';
import { sampleIncident } from './sampleIncident';

let n = 0;
const freshDb = () => new ConsoleDb(`bundle-test-${Date.now()}-${n++}`);
const bytesOf = async (b: Blob) => new Uint8Array(await b.arrayBuffer());

async function populated() {
  const repo = createIncidentRepo(freshDb());
  const clip = await writeClip([{ topic: '/tf', type: 'tf2_msgs/TFMessage', msg: { transforms: [] }, receivedAt: 1000 }]);
  for (const id of ['inc-a', 'inc-b']) {
    await repo.createPending(sampleIncident(id));
    await repo.attachClip(id, clip, { start: 0, end: 1000 });
    await repo.attachScreenshot(id, new Uint8Array([137, 80, 78, 71]), 'image/png');
  }
  return repo;
}

describe('dataset bundle', () => {
  it('exports with progress and imports into a clean store', async () => {
    const repo = await populated();
    const progress: number[] = [];
    const blob = await exportBundle(await repo.list(), repo, (p) => progress.push(p.done));
    expect(progress).toEqual([0, 1, 2]);
    const bytes = await bytesOf(blob);
    const names = readTar(bytes).map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'incidents.jsonl', 'clips/inc-a.mcap', 'screenshots/inc-b.png']));

    const clean = createIncidentRepo(freshDb());
    expect(await importBundle(bytes, clean)).toBe(2);
    const list = await clean.list();
    expect(list.map((i) => i.id).sort()).toEqual(['inc-a', 'inc-b']);
    expect((await clean.getBlob(list[0]!.clipBlobId!))!.data.length).toBeGreaterThan(100);
  });

  it('rejects a damaged bundle with a clear error and writes nothing', async () => {
    const repo = await populated();
    const good = readTar(await bytesOf(await exportBundle(await repo.list(), repo)));
    const clean = createIncidentRepo(freshDb());
    const tamper = (fn: (name: string, text: string) => string | null) =>
      writeTar(
        good.flatMap((e) => {
          const out = fn(e.name, new TextDecoder().decode(e.data));
          if (out === null) return [];
          return [{ name: e.name, data: e.name.endsWith('.jsonl') || e.name.endsWith('.json') ? new TextEncoder().encode(out) : e.data }];
        }),
      );

    // A line with a bad severity, one that is not JSON: both named, nothing written.
    const badLines = tamper((name, text) =>
      name === 'incidents.jsonl' ? text.replace('"severity":null', '"severity":"apocalyptic"') + '{oops\n' : text,
    );
    let err: unknown;
    try {
      await importBundle(badLines, clean);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BundleError);
    const problems = (err as BundleError).problems.join('\n');
    expect(problems).toMatch(/line 1: severity/);
    expect(problems).toMatch(/line 3: not JSON/);
    expect((err as Error).message).toMatch(/nothing was changed/);

    // A missing clip file.
    expect(() => parseBundle(tamper((name, text) => (name === 'clips/inc-b.mcap' ? null : text)))).toThrow(/clips\/inc-b.mcap is missing/);
    // Truncated / corrupted archive.
    const whole = writeTar(good);
    expect(() => parseBundle(whole.slice(0, 1536))).toThrow(BundleError);
    const corrupt = whole.slice();
    corrupt[5] ^= 0x55;
    expect(() => parseBundle(corrupt)).toThrow(/checksum/);
    // Not our format.
    expect(() => parseBundle(tamper((name, text) => (name === 'manifest.json' ? '{"format":"other"}' : text)))).toThrow(/manifest.json/);

    expect(await clean.list()).toEqual([]);
  });

  it('an export cancelled half way stops, reports no more progress and produces nothing', async () => {
    const repo = await populated();
    const ctl = new AbortController();
    const progress: number[] = [];
    const run = exportBundle(
      await repo.list(),
      repo,
      (p) => {
        progress.push(p.done);
        if (p.done === 1) ctl.abort();
      },
      Date.now(),
      ctl.signal,
    );
    await expect(run).rejects.toBeInstanceOf(ExportCancelled);
    expect(progress).toEqual([0, 1]);
  });
});
