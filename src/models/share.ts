/**
 * A network shared as a link: the spec, compressed with lz-string, in the URL hash (`#spec=...`). Decoding
 * validates it with the schema like any import; both directions have a size limit and a clear message beyond it.
 */
import LZString from 'lz-string';
import { parseSpec, type ParseResult } from './schema';
import type { NetworkSpec } from './spec';

/** The hash key of a shared spec. */
export const SHARE_KEY = 'spec';
/** Longest hash a share link may carry: links past ~16 k characters get cut by chat apps, mail and some servers. */
export const MAX_SHARE_CHARS = 16_000;
/** Longest JSON a hash may expand to (a compression bomb would otherwise fill memory). */
const MAX_EXPANDED_CHARS = 5_000_000;

export type EncodeResult = { ok: true; hash: string; chars: number } | { ok: false; error: string };

/** Encodes a spec as a URL hash ("#spec=..."), or says why it cannot be shared as a link. */
export function encodeShareHash(spec: NetworkSpec): EncodeResult {
  const body = LZString.compressToEncodedURIComponent(JSON.stringify(spec));
  const hash = `#${SHARE_KEY}=${body}`;
  if (hash.length > MAX_SHARE_CHARS) {
    return {
      ok: false,
      error: `This network's link would be ${hash.length.toLocaleString('en-US')} characters, over the ${MAX_SHARE_CHARS.toLocaleString('en-US')} that links reliably survive; export it as JSON and share the file instead.`,
    };
  }
  return { ok: true, hash, chars: hash.length };
}

/** True when a hash carries a shared spec. */
export function hasSharedSpec(hash: string): boolean {
  return typeof hash === 'string' && (hash.startsWith(`#${SHARE_KEY}=`) || hash.startsWith(`${SHARE_KEY}=`));
}

/** Decodes and validates a shared spec from a hash; never throws, and says what is wrong with a bad link. */
export function decodeShareHash(hash: string): ParseResult {
  if (typeof hash !== 'string' || !hasSharedSpec(hash)) return { ok: false, error: 'This link does not hold a network (no #spec= part).' };
  const value = unpack(hash.slice(hash.indexOf('=') + 1));
  if (!value.ok) return value;
  const r = parseSpec(value.value);
  return r.ok ? r : { ok: false, error: `This link's network is invalid. ${r.error}` };
}

/** The hash key of a comparison's own networks: `#compare=` and a compressed JSON array of specs. */
export const COMPARE_KEY = 'compare';

/** Encodes a comparison's own networks (in order) as a URL hash ("#compare=..."), or says why the link would be too long. */
export function encodeCompareHash(specs: readonly NetworkSpec[]): EncodeResult {
  const hash = `#${COMPARE_KEY}=${LZString.compressToEncodedURIComponent(JSON.stringify(specs))}`;
  if (hash.length > MAX_SHARE_CHARS) {
    return { ok: false, error: `A link with these networks inside would be ${hash.length.toLocaleString('en-US')} characters, over the ${MAX_SHARE_CHARS.toLocaleString('en-US')} that links reliably survive; compare fewer or smaller networks of your own.` };
  }
  return { ok: true, hash, chars: hash.length };
}

/** The networks a `#compare=` hash carries, each validated; [] for a hash without one; a sentence for a bad link. */
export function decodeCompareHash(hash: string): { ok: true; specs: NetworkSpec[] } | { ok: false; error: string } {
  if (!hash.startsWith(`#${COMPARE_KEY}=`)) return { ok: true, specs: [] };
  const value = unpack(hash.slice(COMPARE_KEY.length + 2));
  if (!value.ok) return value;
  if (!Array.isArray(value.value)) return { ok: false, error: 'This link is damaged: its networks are not a list.' };
  const specs: NetworkSpec[] = [];
  for (const [i, v] of value.value.entries()) {
    const r = parseSpec(v);
    if (!r.ok) return { ok: false, error: `This link's network ${i + 1} is invalid. ${r.error}` };
    specs.push(r.spec);
  }
  return { ok: true, specs };
}

/** Decompresses and parses a hash body; says what is wrong with a damaged one. */
function unpack(body: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (body.length > MAX_SHARE_CHARS) {
    return { ok: false, error: `This link is ${body.length.toLocaleString('en-US')} characters, over the ${MAX_SHARE_CHARS.toLocaleString('en-US')} limit of shared networks.` };
  }
  if (!/^[A-Za-z0-9+\-$]*$/.test(body)) return { ok: false, error: 'This link is damaged: it has characters a shared network never contains (was it cut or edited?).' };
  let json: string | null;
  try {
    json = LZString.decompressFromEncodedURIComponent(body);
  } catch {
    json = null;
  }
  if (!json) return { ok: false, error: 'This link is damaged: its network cannot be decompressed (was it cut short?).' };
  if (json.length > MAX_EXPANDED_CHARS) return { ok: false, error: 'This link expands to more data than a network can hold.' };
  try {
    return { ok: true, value: JSON.parse(json) as unknown };
  } catch {
    return { ok: false, error: 'This link is damaged: its network is not valid JSON (was it cut short?).' };
  }
}
