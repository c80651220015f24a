// What the 3D view can afford on this machine. A field laptop without GPU acceleration (a VM, a remote
// desktop, a driver the browser blocks) renders WebGL in software (SwiftShader, llvmpipe): every pixel of
// every frame on the CPU that also decodes the robots' streams. There the view draws without multisampling
// and at one pixel per CSS pixel (4x MSAA quadruples the fragment work), and says so in its badge.

export interface RenderCaps {
  /** The browser's own name for its WebGL renderer, e.g. "Google Inc. (Google) / ANGLE (…SwiftShader…)". */
  renderer: string;
  software: boolean;
}

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|basic render driver|mesa offscreen/i;

/** True when the renderer's name is one of the known software rasterisers. */
export function isSoftwareRenderer(name: string): boolean {
  return SOFTWARE.test(name);
}

let cached: RenderCaps | undefined;

/** Probes once with a throw-away WebGL2 context (WEBGL_debug_renderer_info where the browser offers it). */
export function renderCaps(): RenderCaps {
  if (cached) return cached;
  let renderer = 'unknown';
  try {
    const gl = document.createElement('canvas').getContext('webgl2');
    if (gl) {
      const ext = gl.getExtension('WEBGL_debug_renderer_info');
      renderer = ext
        ? `${String(gl.getParameter(ext.UNMASKED_VENDOR_WEBGL))} / ${String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL))}`
        : String(gl.getParameter(gl.RENDERER));
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch {
    // No WebGL at all: the Canvas reports that itself.
  }
  cached = { renderer, software: isSoftwareRenderer(renderer) };
  return cached;
}
