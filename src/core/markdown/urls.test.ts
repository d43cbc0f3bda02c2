import { describe, expect, it } from 'vitest';
import { isAnchorHref, isExternalHref, isSafeImageSrc, isSafeLinkHref } from './urls';

describe('link and image allowlists', () => {
  it('accepts web, mail and heading links only', () => {
    for (const href of ['https://a.example/x?y=1#z', 'HTTP://A.EXAMPLE', 'mailto:a@b.example']) {
      expect(isExternalHref(href)).toBe(true);
    }
    expect(isAnchorHref('#md-setup')).toBe(true);
    expect(isAnchorHref('#%C3%A9t%C3%A9')).toBe(true);
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'java%09script:alert(1)',
      ' javascript:alert(1)',
      'vbscript:x',
      'data:text/html,x',
      'file:///etc/passwd',
      '//evil.example',
      '/x',
      'page.html',
      'http:/x',
      'https:///x',
      '#/runs',
      '#b=abc',
      '',
    ]) {
      expect(isSafeLinkHref(href)).toBe(false);
    }
  });

  it('accepts relative paths and base64 raster data only', () => {
    for (const src of [
      'lessons/x.png',
      './x.png',
      '../shared/x.webp',
      'x.png?v=2',
      'data:image/png;base64,iVBORw0KGgo=',
      'data:image/webp;base64,UklGRg==',
    ]) {
      expect(isSafeImageSrc(src)).toBe(true);
    }
    for (const src of [
      'https://tracker.example/x.png',
      '//tracker.example/x.png',
      '/abs.png',
      'a//b.png',
      'javascript:alert(1)',
      'data:image/svg+xml;base64,PHN2Zz4=',
      'data:image/png,raw',
      'data:text/html;base64,PHNjcmlwdD4=',
      'c:/x.png',
      '.hidden/../x',
      '',
    ]) {
      expect(isSafeImageSrc(src)).toBe(false);
    }
  });
});
