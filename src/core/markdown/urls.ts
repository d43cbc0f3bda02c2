/**
 * Which URLs notebook markdown may use. Notebook text comes from whoever shared the link, so these
 * are allowlists, not blocklists: whatever a browser might read as a script, a document or a
 * request elsewhere is refused by not being on the list.
 *
 * The inputs are URLs as markdown-it normalizes them (entities decoded, then percent-encoded), so
 * a tab or newline hidden in `java\tscript:` is `%09` here, and anything that is not plainly one
 * of the allowed forms is refused.
 */

const WEB_OR_MAIL = /^(?:https?:\/\/[^\s/\\?#"'<>`]|mailto:[^\s/\\"'<>`])[^\s\\"'<>`]*$/i;
/** Same-origin paths like `lessons/x.png`: no scheme (no colon), no leading or double slash. */
const RELATIVE_PATH = /^(?:\.{1,2}\/)*[\w~%+-][\w.~%+-]*(?:\/[\w.~%+-]+)*(?:\?[\w.~%+=&-]*)?$/;
const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2}$/;
/** Slug-like only: `#/route` and `#b=...` are the app's hash routes, not headings. */
const ANCHOR = /^#[\w%-]+$/;

/** An `<a href>` that opens a web page or a mail client. */
export function isExternalHref(href: string): boolean {
  return WEB_OR_MAIL.test(href);
}

/** An `<a href>` to a heading of the same text (`#...`); see `anchorHref` for its final form. */
export function isAnchorHref(href: string): boolean {
  return ANCHOR.test(href);
}

export function isSafeLinkHref(href: string): boolean {
  return isExternalHref(href) || isAnchorHref(href);
}

/** An `<img src>`: a same-origin relative path or a base64 PNG, JPEG, GIF or WebP. */
export function isSafeImageSrc(src: string): boolean {
  return DATA_IMAGE.test(src) || RELATIVE_PATH.test(src);
}
