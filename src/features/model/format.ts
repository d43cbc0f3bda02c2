/** How shapes and counts read in the editor. */

/** [26, 26, 8] reads as 26×26×8; an unknown shape as a dash. */
export const shapeText = (shape: readonly number[] | null | undefined): string =>
  shape ? shape.join('×') : '—';

export const countText = (n: number): string => n.toLocaleString('en-US');
