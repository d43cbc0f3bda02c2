/** The shipped lessons, in teaching order, each opening as the student's own copy. */
import { lessonHash } from '../../app/routes';
import { lessonIndex } from './lessons-client';

const index = lessonIndex();

export function LessonGallery() {
  const lessons = index.ok ? index.value : null;
  const error = index.ok ? null : index.error.message;

  return (
    <section className="panel home-section" aria-labelledby="gallery-heading">
      <h2 id="gallery-heading">Lessons</h2>
      {error !== null && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
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
