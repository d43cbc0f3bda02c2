/**
 * GitHub task lists: a list item starting with `[ ]` or `[x]` shows a checkbox, disabled because a
 * notebook's text is not a form.
 */
import type MarkdownIt from 'markdown-it';

const TASK = /^\[([ xX])\][ \t]/;

export function taskListsPlugin(md: MarkdownIt): void {
  md.core.ruler.after('text_join', 'task_lists', (state) => {
    const tokens = state.tokens;
    tokens.forEach((token, index) => {
      if (token.type !== 'inline') return;
      if (tokens[index - 1]?.type !== 'paragraph_open') return;
      if (tokens[index - 2]?.type !== 'list_item_open') return;
      const first = token.children?.[0];
      const match = first?.type === 'text' ? TASK.exec(first.content) : null;
      if (!first || !match) return;
      first.content = first.content.slice(match[0].length);
      const box = new state.Token('task_checkbox', 'input', 0);
      box.meta = { checked: match[1] !== ' ' };
      token.children?.unshift(box);
    });
  });
  md.renderer.rules.task_checkbox = (tokens, idx) => {
    const checked = (tokens[idx]?.meta as { checked?: boolean } | undefined)?.checked === true;
    return `<input type="checkbox" class="task-checkbox" disabled${checked ? ' checked' : ''}> `;
  };
}
