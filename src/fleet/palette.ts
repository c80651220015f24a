// Distinct, colour-blind-friendlier hues (Okabe–Ito based) so robots can be told apart in 3D and in lists.
const PALETTE = ['#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7', '#9be7ff', '#b8e186', '#ff9da7'];

export function robotColor(index: number): string {
  return PALETTE[index % PALETTE.length];
}

/** The first palette colour not used yet, so removing and adding robots keeps colours stable. */
export function nextFreeColor(used: readonly string[]): string {
  return PALETTE.find((c) => !used.includes(c)) ?? robotColor(used.length);
}
