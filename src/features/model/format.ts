/** How shapes read in the editor. */

/** [26, 26, 8] reads as 26×26×8; an unknown shape as a dash. */
export const shapeText = (shape: readonly number[] | null | undefined): string =>
  shape ? shape.join('×') : '—';
