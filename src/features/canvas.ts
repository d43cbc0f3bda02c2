/** Canvas plumbing shared by the plots: following an element's width, and DPR-aware contexts. */
import { useEffect, useState, type RefObject } from 'react';
import { backingSize } from './plot-math';

/** The element's CSS width, followed through layout changes and zoom. */
export function useCssWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(entry.contentRect.width);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** A context that draws in CSS pixels onto a backing store of device pixels. */
export function sizedContext(
  canvas: HTMLCanvasElement,
  width: number,
  height: number,
): CanvasRenderingContext2D | null {
  const w = backingSize(width, window.devicePixelRatio);
  const h = backingSize(height, window.devicePixelRatio);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  ctx?.setTransform(w / width, 0, 0, h / height, 0, 0);
  return ctx;
}
