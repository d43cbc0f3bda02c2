/** #/lesson/<slug>: opens the student's copy of a shipped lesson (made on first visit). */
import { useEffect, useState } from 'react';
import { useAppStore } from '../../store';
import { notebookHash, replaceRoute } from '../../app/routes';
import { loadLesson } from './lessons-client';

export function LessonPage({ slug }: { slug: string }) {
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void (async () => {
      const lesson = await loadLesson(slug);
      if (!live) return;
      if (!lesson.ok) {
        setError(lesson.error.message);
        return;
      }
      const id = await useAppStore.getState().openLessonBundle(lesson.value);
      if (!live) return;
      if (id === null)
        setError(useAppStore.getState().notebookError ?? 'The lesson could not be saved.');
      else replaceRoute(notebookHash(id));
    })();
    return () => {
      live = false;
    };
  }, [slug]);
  return (
    <main className="notebook-page">
      {error === null ? (
        <p className="muted">Opening the lesson…</p>
      ) : (
        <p className="error" role="alert" data-testid="lesson.error">
          {error} <a href="#/">Back to the lessons</a>
        </p>
      )}
    </main>
  );
}
