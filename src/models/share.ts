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
  const body = hash.slice(hash.indexOf('=') + 1);
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
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return { ok: false, error: 'This link is damaged: its network is not valid JSON (was it cut short?).' };
  }
  const r = parseSpec(value);
  return r.ok ? r : { ok: false, error: `This link's network is invalid. ${r.error}` };
}
