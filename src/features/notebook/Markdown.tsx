/**
 * A notebook's markdown text, rendered. In-page links (`#md-...`) scroll to their heading without
 * touching `location.hash`, which belongs to the router (`#/...` routes, `#b=` links).
 */
import { useMemo, type MouseEvent } from 'react';
import { renderMarkdown } from '../../core/markdown/render';
import './markdown.css';

function scrollToHeading(event: MouseEvent<HTMLDivElement>): void {
  if (!(event.target instanceof Element)) return;
  const link = event.target.closest('a[href^="#"]');
  if (!link || !event.currentTarget.contains(link)) return;
  event.preventDefault();
  const id = link.getAttribute('href')?.slice(1) ?? '';
  // Within this text first: two cells may both have a heading "Setup".
  const heading =
    event.currentTarget.querySelector(`[id="${CSS.escape(id)}"]`) ?? document.getElementById(id);
  heading?.scrollIntoView({ behavior: 'smooth', block: 'start' });
}

export function Markdown({ text, className }: { text: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(text), [text]);
  return (
    <div
      className={className ? `markdown ${className}` : 'markdown'}
      onClick={scrollToHeading}
      // Safe by construction: renderMarkdown parses no raw HTML, allowlists every URL and
      // attribute and renders math as MathML with KaTeX's `trust: false` (core/markdown/render.ts).
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
