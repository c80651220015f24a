// A big URDF mesh file for the e2e test and the bench (urdf.spec.ts, meshFrame.bench.ts).

/**
 * A binary STL of the same shape with every triangle cut into n² (n cuts per edge): the torso at scanner
 * resolution. 80 triangles and n = 80: 512,000 triangles, 25.6 MB.
 */
export function finerStl(stl: Buffer, n: number): Buffer {
  const faces = stl.readUInt32LE(80);
  const out = Buffer.alloc(84 + 50 * faces * n * n);
  out.writeUInt32LE(faces * n * n, 80);
  let o = 84;
  const p = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  const put = (a: number[], b: number[], c: number[]) => {
    o += 12; // normal left zero: the console works normals out itself
    for (const v of [a, b, c])
      for (const x of v) {
        out.writeFloatLE(x, o);
        o += 4;
      }
    o += 2;
  };
  for (let f = 0; f < faces; f++) {
    for (let k = 0; k < 9; k++) p[k] = stl.readFloatLE(84 + 50 * f + 12 + 4 * k);
    const at = (i: number, j: number) => [0, 1, 2].map((d) => p[d]! + ((p[3 + d]! - p[d]!) * i + (p[6 + d]! - p[d]!) * j) / n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n - i; j++) {
        put(at(i, j), at(i + 1, j), at(i, j + 1));
        if (j < n - i - 1) put(at(i + 1, j), at(i + 1, j + 1), at(i, j + 1));
      }
  }
  return out;
}
