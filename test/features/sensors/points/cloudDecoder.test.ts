import { describe, expect, it } from 'vitest';
import { decodeCloud } from '../../../../src/features/sensors/points/cloudDecoder';
import { makePointCloud2 } from '../../../../src/features/sensors/points/pointCloud2';

describe('cloud decoder (no Worker in Node: decodes in place)', () => {
  it('decodes small and large clouds, capped, errors as values', async () => {
    const small = await decodeCloud(makePointCloud2([1, 2, 3]), 200_000);
    expect('error' in small && small.error).toBeFalsy();
    const n = 50_000;
    const big = await decodeCloud(makePointCloud2(new Float32Array(n * 3).fill(1)), 10_000);
    if ('error' in big && big.error) throw new Error(big.error.code);
    expect(big.count).toBe(10_000);
    const bad = await decodeCloud({ ...makePointCloud2([1, 2, 3]), fields: [] }, 10);
    expect(bad).toMatchObject({ error: { code: 'no-xyz' } });
    const worse = await decodeCloud(null as never, 10);
    expect(worse.error).toBeDefined();
  });
});
