import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { zooSpec } from '../models';
import { startBuilderSession } from './builderUrl';
import { createAppStore } from './createAppStore';
import { openNetworkRepo } from './persist/repo';
import { modelFromSearch, searchWithModel, syncWithUrl, type UrlHost } from './url';

function fakeHost(search: string) {
  const listeners = new Set<() => void>();
  const pushed: string[] = [];
  const replaced: string[] = [];
  const go = (url: string | URL | null | undefined) => {
    const u = new URL(String(url), 'http://x');
    host.location.pathname = u.pathname;
    host.location.search = u.search;
  };
  const host: UrlHost = {
    location: { pathname: '/app/', search, hash: '' },
    history: {
      pushState(_d, _u, url) {
        go(url);
        pushed.push(String(url));
      },
      replaceState(_d, _u, url) {
        go(url);
        replaced.push(String(url));
      },
    },
    addEventListener: (_t, l) => void listeners.add(l),
    removeEventListener: (_t, l) => void listeners.delete(l),
  };
  const back = (newSearch: string) => {
    host.location.search = newSearch;
    listeners.forEach((l) => l());
  };
  return { host, pushed, replaced, back, listeners };
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

describe("Build's open network in the URL", () => {
  it('names the open saved network on Build, without a history entry; a new tab opens the one the URL names', async () => {
    const db = `url-net-${Math.random()}`;
    const { host, pushed, replaced } = fakeHost('?view=build');
    const store = createAppStore({ repo: openNetworkRepo(db) });
    const stop = syncWithUrl(store, host);
    await store.getState().startBuilder(null);
    await store.getState().createNetwork(zooSpec('lenet5')!);
    const lenet = store.getState().builder.draft!.id;
    await store.getState().createNetwork(zooSpec('vgg16')!);
    expect(host.location.search).toBe(`?view=build&net=${store.getState().builder.draft!.id}`);
    expect(pushed).toEqual([]);
    expect(replaced).toHaveLength(2);
    store.getState().setView('compare');
    expect(host.location.search).toBe('?view=compare');
    stop();
    for (let i = 0; i < 50 && store.getState().builder.saveState === 'saving'; i++) await new Promise((r) => setTimeout(r, 5));
    // A new tab with the first network's address: that one opens, not the last one open.
    const tab = fakeHost(`?view=build&net=${lenet}`);
    const again = createAppStore({ repo: openNetworkRepo(db) });
    const stop2 = syncWithUrl(again, tab.host);
    await startBuilderSession(again, { location: Object.assign(tab.host.location, { origin: 'http://x' }), history: tab.host.history });
    expect(again.getState().builder.draft?.name).toBe('LeNet-5');
    expect(tab.host.location.search).toBe(`?view=build&net=${lenet}`);
    stop2();
  });
});

describe('input size in the URL', () => {
  it('opens a network at the URL\'s input size, names a changed size without a history entry, and follows Back', () => {
    const { host, pushed, replaced, back } = fakeHost('?model=vgg16&input=64x64x3');
    const store = createAppStore();
    const stop = syncWithUrl(store, host);
    expect(store.getState().network.inputShape).toEqual([64, 64, 3]);
    expect(store.getState().network.analysis?.totals.params).toBe(43_985_704);
    store.getState().setInputShape([96, 96, 3]);
    expect(host.location.search).toBe('?model=vgg16&input=96x96x3');
    store.getState().setInputShape([224, 224, 3]);
    expect(host.location.search).toBe('?model=vgg16');
    expect(pushed).toEqual([]);
    expect(replaced.length).toBeGreaterThanOrEqual(2);
    store.getState().openModel('resnet50');
    expect(pushed.at(-1)).toBe('/app/?model=resnet50');
    back('?model=vgg16&input=32x32x3');
    expect(store.getState().network.inputShape).toEqual([32, 32, 3]);
    back('?model=vgg16');
    expect(store.getState().network.inputShape).toEqual([224, 224, 3]);
    stop();
  });
});
