/**
 * Whether two notebooks hold the same content, answered off the render (same-content.ts yields
 * to the page while it compares): a 20 MB notebook must not hold its page while its toolbar asks
 * whether there are changes to save. Until the first answer it says they are the same.
 */
import { useEffect, useState } from 'react';
import type { Bundle } from '../../core/bundle/schema';
import { sameContentSliced } from '../../core/notebook/same-content';

export function useSameContent(a: Bundle | null, b: Bundle): boolean {
  const [same, setSame] = useState(true);
  useEffect(() => {
    if (a === null) return;
    let stale = false;
    void sameContentSliced(a, b, () => stale).then((answer) => {
      if (answer !== null && !stale) setSame(answer);
    });
    return () => {
      stale = true;
    };
  }, [a, b]);
  return same;
}
