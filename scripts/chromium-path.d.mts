/** Types for scripts/chromium-path.mjs (plain JavaScript so `node` runs it without a TypeScript loader). */
export declare const DEFAULT_CHROMIUM_PATH: string;
export declare const CHROMIUM_HELP: string;
export interface ChromiumResolution {
  path: string;
  source: 'CHROMIUM_PATH' | 'default';
  found: boolean;
}
/** The Chromium path to use: $CHROMIUM_PATH when set (and not blank), else the default. */
export declare function chromiumPath(env?: NodeJS.ProcessEnv): string;
/** Resolves the Chromium path and says whether an executable file is there. */
export declare function resolveChromium(env?: NodeJS.ProcessEnv): ChromiumResolution;
