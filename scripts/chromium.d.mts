import type { BrowserContext } from 'playwright-core';

export function chromiumPath(): string;
export function chromiumAvailable(): boolean;
export const CHROMIUM_ARGS: readonly string[];
export function launchChromium(options?: {
  viewport?: { width: number; height: number };
  deviceScaleFactor?: number;
}): Promise<{ context: BrowserContext; close(): Promise<void> }>;
