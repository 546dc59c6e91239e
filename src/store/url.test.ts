import { describe, expect, it } from 'vitest';
import { createAppStore } from './createAppStore';
import { modelFromSearch, searchWithModel, syncWithUrl, type UrlHost } from './url';

function fakeHost(search: string) {
  const listeners = new Set<() => void>();
  const pushed: string[] = [];
  const host: UrlHost = {
    location: { pathname: '/app/', search, hash: '' },
    history: {
      pushState(_d, _u, url) {
        const u = new URL(String(url), 'http://x');
        host.location.pathname = u.pathname;
        host.location.search = u.search;
        pushed.push(String(url));
      },
    },
    addEventListener: (_t, l) => void listeners.add(l),
    removeEventListener: (_t, l) => void listeners.delete(l),
  };
  const back = (newSearch: string) => {
    host.location.search = newSearch;
    listeners.forEach((l) => l());
  };
  return { host, pushed, back, listeners };
}

describe('URL helpers', () => {
  it('read the model id', () => {
    expect(modelFromSearch('?model=resnet50')).toBe('resnet50');
    expect(modelFromSearch('?x=1&model=vgg16')).toBe('vgg16');
    expect(modelFromSearch('')).toBeNull();
    expect(modelFromSearch('?model=')).toBeNull();
  });

  it('set and remove the model id, keeping other parameters', () => {
    expect(searchWithModel('', 'vgg16')).toBe('?model=vgg16');
    expect(searchWithModel('?x=1&model=a', 'b')).toBe('?x=1&model=b');
    expect(searchWithModel('?model=a', null)).toBe('');
    expect(searchWithModel('?x=1&model=a', null)).toBe('?x=1');
  });
});

describe('syncWithUrl', () => {
  it('opens the network the URL names', () => {
    const store = createAppStore();
    const { host, pushed } = fakeHost('?model=resnet50');
    syncWithUrl(store, host);
    expect(store.getState().network.modelId).toBe('resnet50');
    expect(pushed).toEqual([]);
  });

  it('keeps an unknown id in the URL and shows it as unknown', () => {
    const store = createAppStore();
    const { host, pushed } = fakeHost('?model=xyz');
    syncWithUrl(store, host);
    expect(store.getState().network.unknownModelId).toBe('xyz');
    expect(pushed).toEqual([]);
  });

  it('pushes an entry when a network opens or closes, and follows Back', () => {
    const store = createAppStore();
    const { host, pushed, back, listeners } = fakeHost('');
    const stop = syncWithUrl(store, host);
    store.getState().openModel('vgg16');
    expect(pushed).toEqual(['/app/?model=vgg16']);
    store.getState().setInputShape([32, 32, 3]);
    expect(pushed).toHaveLength(1);
    back('');
    expect(store.getState().network.modelId).toBeNull();
    expect(pushed).toHaveLength(1);
    store.getState().openModel('lenet5');
    store.getState().openModel(null);
    expect(pushed.slice(1)).toEqual(['/app/?model=lenet5', '/app/']);
    stop();
    expect(listeners.size).toBe(0);
    store.getState().openModel('vgg16');
    expect(pushed).toHaveLength(3);
  });
});

describe('view in the URL', () => {
  it('reads, writes and follows the screen', () => {
    const { host, pushed } = fakeHost('?view=nonsense');
    const store = createAppStore();
    const stop = syncWithUrl(store, host);
    expect(store.getState().view).toBe('networks');
    store.getState().openModel('vgg16');
    expect(pushed.at(-1)).toBe('/app/?model=vgg16');
    stop();
  });
});
