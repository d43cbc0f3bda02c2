/**
 * What switching a lesson to author mode does, asked before it is done: the student gets a copy
 * of their own to change freely, and the lesson, locks included, stays as it is.
 */
import { useId, useState } from 'react';
import { notebookHash } from '../../app/routes';
import { copyTitle } from '../../core/notebook/versions';
import { useAppStore } from '../../store';

export function ForkNote({ title, onCancel }: { title: string; onCancel: () => void }) {
  const [making, setMaking] = useState(false);
  const textId = useId();

  const fork = async () => {
    setMaking(true);
    const id = await useAppStore.getState().forkNotebook();
    setMaking(false);
    // A new page in the history, so Back returns to the lesson.
    if (id !== null) window.location.hash = notebookHash(id);
  };

  return (
    <div className="fork-note" role="group" aria-labelledby={textId} data-testid="notebook.fork">
      <p id={textId}>
        Author mode makes your own copy of this lesson, “{copyTitle(title)}”, with what you have
        changed so far and nothing locked: you can edit the text, the cells and every setting. The
        lesson stays as it is, locks included; open it again from the home page.
      </p>
      <div className="buttons">
        <button
          type="button"
          className="primary"
          data-testid="notebook.fork.confirm"
          disabled={making}
          onClick={() => void fork()}
        >
          {making ? 'Making your copy…' : 'Make my copy'}
        </button>
        <button type="button" data-testid="notebook.fork.cancel" onClick={onCancel}>
          Stay in student mode
        </button>
      </div>
    </div>
  );
}
