import { describe, expect, it } from 'vitest';
import { copyText } from './clipboard';
import { galleryHref, isPlainClick, modelHref } from './nav';

const click = { button: 0, metaKey: false, ctrlKey: false, shiftKey: false, altKey: false };

describe('nav helpers', () => {
  it('build hrefs', () => {
    expect(modelHref('vgg16')).toBe('?model=vgg16');
    expect(galleryHref('/', '?model=vgg16')).toBe('/');
    expect(galleryHref('/app/', '?a=1&model=x')).toBe('/app/?a=1');
  });

  it('leave modified and middle clicks to the browser', () => {
    expect(isPlainClick(click)).toBe(true);
    expect(isPlainClick({ ...click, ctrlKey: true })).toBe(false);
    expect(isPlainClick({ ...click, metaKey: true })).toBe(false);
    expect(isPlainClick({ ...click, button: 1 })).toBe(false);
  });
});

describe('copyText', () => {
  it('writes to the clipboard', async () => {
    let got = '';
    expect(await copyText('hi', { writeText: async (t: string) => void (got = t) })).toBe(true);
    expect(got).toBe('hi');
  });

  it('reports a missing or refusing clipboard', async () => {
    expect(await copyText('hi', undefined)).toBe(false);
    expect(await copyText('hi', { writeText: () => Promise.reject(new Error('denied')) })).toBe(false);
  });
});
