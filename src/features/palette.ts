/**
 * Colours of the plots: class colours shared by the data plot and its legend, and the page theme
 * (CSS custom properties) that canvas drawing has to read itself, since a canvas cannot use var().
 */
import { useSyncExternalStore } from 'react';

export type Rgb = readonly [r: number, g: number, b: number];

/**
 * Okabe–Ito based, so classes stay apart under the common colour-vision deficiencies. Blue is
 * lightened and yellow darkened from the originals so every colour has mid luminance and reads on
 * light and dark backgrounds alike. Orange and blue come first: most datasets have two classes.
 */
export const CLASS_RGB: readonly Rgb[] = [
  [230, 159, 0], // orange
  [61, 143, 209], // blue
  [0, 158, 115], // bluish green
  [204, 121, 167], // reddish purple
  [213, 94, 0], // vermillion
  [86, 180, 233], // sky blue
  [201, 178, 0], // dark yellow
  [142, 142, 142], // grey
];

export const rgbCss = ([r, g, b]: Rgb): string => `rgb(${r} ${g} ${b})`;

export const CLASS_CSS: readonly string[] = CLASS_RGB.map(rgbCss);

/** Colours repeat past the palette rather than fail: more classes than colours is still a plot. */
const wrap = (i: number): number => ((i % CLASS_RGB.length) + CLASS_RGB.length) % CLASS_RGB.length;

export const classRgb = (i: number): Rgb => CLASS_RGB[wrap(i)] as Rgb;
export const classCss = (i: number): string => CLASS_CSS[wrap(i)] as string;

/** Two-series colours (train/validation curves, regression points/fit), in the class order. */
export const SERIES_CSS = { primary: classCss(1), secondary: classCss(0) } as const;

export interface PlotTheme {
  background: string;
  axis: string;
  stroke: string;
  text: string;
}

const LIGHT: PlotTheme = {
  background: '#ffffff',
  axis: 'rgb(0 0 0 / 0.35)',
  stroke: '#ffffff',
  text: '#1f2328',
};
const DARK: PlotTheme = {
  background: '#16181d',
  axis: 'rgb(255 255 255 / 0.35)',
  stroke: '#0d0f12',
  text: '#e6e6e6',
};

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The theme now: CSS variables on <html>, else defaults for the user's colour scheme. */
export function readPlotTheme(): PlotTheme {
  const fallback = window.matchMedia(DARK_QUERY).matches ? DARK : LIGHT;
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, value: string): string =>
    style.getPropertyValue(name).trim() || value;
  return {
    background: read('--plot-bg', fallback.background),
    axis: read('--plot-axis', fallback.axis),
    stroke: read('--plot-stroke', fallback.stroke),
    text: read('--text', fallback.text),
  };
}

/** A theme toggle changes attributes of <html> or the OS scheme; either may change the colours. */
function subscribeTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['class', 'style', 'data-theme'],
  });
  const media = window.matchMedia(DARK_QUERY);
  media.addEventListener('change', onChange);
  return () => {
    observer.disconnect();
    media.removeEventListener('change', onChange);
  };
}

let cached: PlotTheme | null = null;

const sameTheme = (a: PlotTheme, b: PlotTheme): boolean =>
  a.background === b.background && a.axis === b.axis && a.stroke === b.stroke && a.text === b.text;

/** useSyncExternalStore needs the same object back while nothing changed. */
function themeSnapshot(): PlotTheme {
  const next = readPlotTheme();
  if (!cached || !sameTheme(cached, next)) cached = next;
  return cached;
}

/** The plot theme, re-read when the page theme changes, so idle canvases repaint too. */
export function usePlotTheme(): PlotTheme {
  return useSyncExternalStore(subscribeTheme, themeSnapshot);
}
