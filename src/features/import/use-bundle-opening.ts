/**
 * The ways a bundle arrives without a control: a `#b=` / `#url=` link on load or on a later
 * hashchange, and a bundle file dropped anywhere on the window. Moving to another page of the app
 * while a bundle is still being read cancels the read.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../../store';
import { isBundleHash } from '../../core/bundle/read';

const hasFiles = (event: DragEvent) => event.dataTransfer?.types.includes('Files') ?? false;

export function useBundleLinks(): void {
  useEffect(() => {
    const openFromHash = () => {
      const { hash } = window.location;
      if (isBundleHash(hash)) void useAppStore.getState().importFrom({ kind: 'link', hash });
      else useAppStore.getState().leaveImport();
    };
    openFromHash();
    window.addEventListener('hashchange', openFromHash);
    return () => window.removeEventListener('hashchange', openFromHash);
  }, []);
}

/** True while files are dragged over the window, for the drop hint. */
export function useBundleDrop(): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const enter = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth++;
      setDragging(true);
    };
    const leave = (event: DragEvent) => {
      if (!hasFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (event: DragEvent) => {
      // Without this the browser would open a dropped file in place of the app.
      if (hasFiles(event) && !event.defaultPrevented) event.preventDefault();
    };
    const drop = (event: DragEvent) => {
      depth = 0;
      setDragging(false);
      if (event.defaultPrevented || !hasFiles(event)) return;
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file)
        void useAppStore.getState().importFrom({ kind: 'file', name: file.name, blob: file });
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, []);
  return dragging;
}
