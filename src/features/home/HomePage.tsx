/** The home page (#/): lessons to start with, one's own notebooks, recent runs. */
import '../notebook/notebook.css';
import { LessonGallery } from './LessonGallery';
import { MyNotebooks } from './MyNotebooks';
import { RecentRuns } from './RecentRuns';

export function HomePage() {
  return (
    <main className="home-page">
      <section className="home-intro">
        <h1>Learn deep learning by changing things</h1>
        <p>
          Every lesson trains a real neural network on your own computer, in this tab. Change a
          setting, press Run, and see what happens. Or go to the{' '}
          <a href="#/playground">playground</a> and build your own.
        </p>
      </section>
      <LessonGallery />
      <div className="home-columns">
        <MyNotebooks />
        <RecentRuns />
      </div>
    </main>
  );
}
