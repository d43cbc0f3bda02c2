/** The playground: one experiment, every panel, nothing locked. */
import { Workbench } from './Workbench';

export function Playground() {
  return (
    <main className="playground">
      <Workbench />
    </main>
  );
}
