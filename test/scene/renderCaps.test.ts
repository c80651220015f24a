import { describe, expect, it } from 'vitest';
import { isSoftwareRenderer } from '../../src/scene/renderCaps';

describe('software renderer detection', () => {
  it('knows the software rasterisers browsers fall back to', () => {
    expect(
      isSoftwareRenderer(
        'Google Inc. (Google) / ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
      ),
    ).toBe(true);
    expect(isSoftwareRenderer('Mesa / llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(isSoftwareRenderer('Microsoft Basic Render Driver')).toBe(true);
  });

  it('leaves GPUs alone', () => {
    expect(isSoftwareRenderer('Google Inc. (NVIDIA) / ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0)')).toBe(false);
    expect(isSoftwareRenderer('Intel / Mesa Intel(R) UHD Graphics 620 (KBL GT2)')).toBe(false);
    expect(isSoftwareRenderer('Apple / Apple M2')).toBe(false);
    expect(isSoftwareRenderer('unknown')).toBe(false);
  });
});
