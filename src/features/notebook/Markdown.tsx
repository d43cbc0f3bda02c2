/**
 * A notebook's markdown text, rendered in the markdown worker and inserted a frame at a time
 * (markdown-client.ts, markdown-insert.ts), so that no text, however long or hostile, holds the
 * page. What a cap left out is said under the text; a text past the notebook's element budget
 * waits for a click. In-page links (`#md-...`) scroll to their heading without touching
 * `location.hash`, which belongs to the router (`#/...` routes, `#b=` links).
 */
import { useContext, useEffect, useRef, useState, type MouseEvent } from 'react';
import { MARKDOWN_LIMITS, notebookCapNote } from '../../core/markdown/limits';
import type { RenderedMarkdown } from '../../core/markdown/render';
import { cancelMarkdownRender, renderMarkdownOffPage, type RenderResult } from './markdown-client';
import { ElementBudgetContext, scheduleInsertion } from './markdown-insert';
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

/** The HTML of a render cut where it may be (`chunkEnds`): each is inserted in a frame of its own. */
function piecesOf({ html, chunkEnds }: RenderedMarkdown): string[] {
  return chunkEnds.map((end, i) => html.slice(chunkEnds[i - 1] ?? 0, end));
}

type Shown =
  | { state: 'rendering' }
  | { state: 'failed'; message: string }
  | { state: 'held'; rendered: RenderedMarkdown; totalWith: number }
  | { state: 'ready'; rendered: RenderedMarkdown }
  | { state: 'inserted'; rendered: RenderedMarkdown };

export function Markdown({ text, className }: { text: string; className?: string }) {
  const budget = useContext(ElementBudgetContext);
  const container = useRef<HTMLDivElement>(null);
  // Stands for this text's place in the worker's queue and in the notebook's budget.
  const [place] = useState(() => ({}));
  const [shown, setShown] = useState<Shown>({ state: 'rendering' });

  useEffect(() => {
    let live = true;
    renderMarkdownOffPage(place, text, (result: RenderResult) => {
      if (!live) return;
      if (!result.ok) {
        budget?.release(place);
        setShown({ state: 'failed', message: result.error.message });
        return;
      }
      const rendered = result.value;
      if (budget && !budget.claim(place, rendered.elements)) {
        setShown({ state: 'held', rendered, totalWith: budget.totalWith(rendered.elements) });
      } else setShown({ state: 'ready', rendered });
    });
    return () => {
      live = false;
      cancelMarkdownRender(place);
      budget?.release(place);
    };
  }, [text, place, budget]);

  useEffect(() => {
    if (shown.state !== 'ready') return;
    const { rendered } = shown;
    // Safe by construction: the markdown worker's renderMarkdownDocument parses no raw HTML,
    // allowlists every URL and attribute and renders math as MathML with KaTeX's `trust: false`
    // (core/markdown/render.ts); only this page's own worker answers here. Each piece is whole
    // top-level blocks, so each insertion is well formed.
    const cancels = piecesOf(rendered).map((piece, i, pieces) =>
      scheduleInsertion(() => {
        const target = container.current;
        if (!target) return;
        if (i === 0) target.innerHTML = piece;
        else target.insertAdjacentHTML('beforeend', piece);
        if (i === pieces.length - 1) setShown({ state: 'inserted', rendered });
      }),
    );
    return () => cancels.forEach((cancel) => cancel());
  }, [shown]);

  const showAnyway = () => {
    if (shown.state !== 'held') return;
    budget?.claim(place, shown.rendered.elements, true);
    setShown({ state: 'ready', rendered: shown.rendered });
  };

  return (
    <>
      <div
        ref={container}
        className={className ? `markdown ${className}` : 'markdown'}
        onClick={scrollToHeading}
        aria-busy={shown.state === 'rendering' || shown.state === 'ready'}
        data-testid="markdown.text"
      />
      {shown.state === 'rendering' && <p className="markdown-note">Rendering the text…</p>}
      {shown.state === 'failed' && (
        <>
          <p className="markdown-note" data-testid="markdown.note">
            This text could not be rendered ({shown.message}); it is shown as typed.
          </p>
          <pre className="markdown-plain">{text.slice(0, MARKDOWN_LIMITS.length)}</pre>
        </>
      )}
      {shown.state === 'held' && (
        <p className="markdown-note" data-testid="markdown.note">
          {notebookCapNote(shown.totalWith)}{' '}
          <button
            type="button"
            className="link"
            data-testid="markdown.showAnyway"
            onClick={showAnyway}
          >
            Show it
          </button>
        </p>
      )}
      {shown.state === 'inserted' &&
        shown.rendered.notes.map((note) => (
          <p key={note} className="markdown-note" data-testid="markdown.note">
            {note}
          </p>
        ))}
    </>
  );
}
