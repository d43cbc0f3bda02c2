/** The shipped lessons, in teaching order, each opening as the student's own copy. */
import { useEffect, useState } from 'react';
import type { LessonEntry } from '../../core/notebook/lessons-index';
import { lessonHash } from '../../app/routes';
import { loadLessonIndex } from './lessons-client';

export function LessonGallery() {
  const [lessons, setLessons] = useState<LessonEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void loadLessonIndex().then((index) => {
      if (!live) return;
      if (index.ok) setLessons(index.value);
      else setError(index.error.message);
    });
    return () => {
      live = false;
    };
  }, []);

  return (
    <section className="panel home-section" aria-labelledby="gallery-heading">
      <h2 id="gallery-heading">Lessons</h2>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {lessons === null && error === null && <p className="muted">Loading the lessons…</p>}
      {lessons !== null && (
        <ul className="gallery">
          {lessons.map((lesson) => (
            <li key={lesson.slug} className="lesson-card" data-testid="lesson.card">
              <h3>{lesson.title}</h3>
              <p>{lesson.summary}</p>
              <p className="muted">
                {lesson.level === 'beginner' ? 'Beginner' : 'Intermediate'} · about {lesson.minutes}{' '}
                min
              </p>
              <a
                className="button primary"
                href={lessonHash(lesson.slug)}
                data-testid="lesson.open"
              >
                Start the lesson
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
