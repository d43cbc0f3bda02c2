/**
 * Small line icons drawn as SVG, so they show whatever fonts the computer has (a text glyph such
 * as ⧉ is an empty box where no font holds it). An icon is decoration: the button around it
 * carries the name (aria-label) that assistive technology reads.
 */
import './icon.css';

const PATHS = {
  up: 'M8 13V3M4 7l4-4 4 4',
  down: 'M8 3v10M4 9l4 4 4-4',
  duplicate: 'M6 6h7v7H6zM3 10V3h7',
  remove: 'M4 4l8 8M12 4l-8 8',
  undo: 'M6 2.5L2.5 6 6 9.5M2.5 6H10a3.5 3.5 0 0 1 0 7H6',
  redo: 'M10 2.5L13.5 6 10 9.5M13.5 6H6a3.5 3.5 0 0 0 0 7h4',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name }: { name: IconName }) {
  return (
    <svg
      className="icon-svg"
      data-icon={name}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      <path
        d={PATHS[name]}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
