/** Number formatting for people: short figures in tables, exact figures on hover. */

/** 138357544 -> "138.4 M"; 61706 -> "61.71 k"; 832 -> "832"; up to E (1e18) for absurd inputs. */
export function formatCount(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e18) return `${trim(n / 1e18)} E`;
  if (a >= 1e15) return `${trim(n / 1e15)} P`;
  if (a >= 1e12) return `${trim(n / 1e12)} T`;
  if (a >= 1e9) return `${trim(n / 1e9)} G`;
  if (a >= 1e6) return `${trim(n / 1e6)} M`;
  if (a >= 1e3) return `${trim(n / 1e3)} k`;
  return String(n);
}

function trim(x: number): string {
  const a = Math.abs(x);
  return a >= 100 ? x.toFixed(1) : x.toFixed(2);
}

/** 138357544 -> "138,357,544". */
export function formatExact(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A fraction as a percentage: 0.9902 -> "99.02%" (2 decimals), "99.0%" (1). */
export function formatPercent(fraction: number, decimals: number): string {
  return `${(fraction * 100).toFixed(decimals)}%`;
}

/** Bytes in binary units: 553430176 -> "527.8 MiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${v} B` : `${v >= 100 ? v.toFixed(1) : v.toFixed(2)} ${units[i]}`;
}

/** A shape as the course writes it: "28x28x192"; null (unknown) as "?". */
export function formatShape(shape: readonly number[] | null): string {
  return shape ? shape.join('x') : '?';
}

/** Parses "224x224x3" (or "224,224,3") into a shape; null when it is not 1 or 3 positive whole numbers. */
export function parseShape(text: string): number[] | null {
  const parts = text.trim().split(/\s*[x,×*]\s*/i);
  if (parts.length !== 3 && parts.length !== 1) return null;
  const nums = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
  return nums.every((n) => Number.isSafeInteger(n) && n > 0 && n <= 100_000) ? nums : null;
}
