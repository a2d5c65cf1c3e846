// Types for release-notes.mjs, for the tests.
export function releaseChangelog(text: string, version: string, date: string): { text: string } | { error: string };
