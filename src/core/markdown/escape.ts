/** Text as HTML text or as a double- or single-quoted attribute value. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Elements in HTML this module's code made: each `<` in it starts a tag, as text is escaped. */
export function elementsIn(html: string): number {
  let elements = 0;
  for (let at = html.indexOf('<'); at !== -1; at = html.indexOf('<', at + 1)) {
    if (html.charCodeAt(at + 1) !== 0x2f) elements++;
  }
  return elements;
}
