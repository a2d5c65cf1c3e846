// The CHANGELOG.md step of `npm run release` (scripts/release-notes.mjs).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { releaseChangelog } from '../../scripts/release-notes.mjs';
import { ROOT } from './run.js';

const CHANGELOG = '# Changelog\n\nIntro.\n\n## Unreleased\n\n- a fix\n- a feature\n\n## 0.1.0 - 2026-11-23\n\n- first\n';

describe('releaseChangelog', () => {
  it('moves the Unreleased notes under the version and leaves an empty Unreleased on top', () => {
    const out = releaseChangelog(CHANGELOG, '0.2.0', '2026-12-07');
    expect(out).toEqual({ text: '# Changelog\n\nIntro.\n\n## Unreleased\n\n## 0.2.0 - 2026-12-07\n\n- a fix\n- a feature\n\n## 0.1.0 - 2026-11-23\n\n- first\n' });
  });

  it('refuses a release with no notes, no Unreleased section, or a version already there', () => {
    expect(releaseChangelog('# Changelog\n\n## Unreleased\n\n## 0.1.0 - 2026-11-23\n\n- first\n', '0.2.0', '2026-12-07')).toEqual({ error: expect.stringMatching(/nothing under/) });
    expect(releaseChangelog('# Changelog\n', '0.2.0', '2026-12-07')).toEqual({ error: expect.stringMatching(/no "## Unreleased"/) });
    expect(releaseChangelog(CHANGELOG, '0.1.0', '2026-12-07')).toEqual({ error: expect.stringMatching(/already has a section for 0\.1\.0/) });
  });

  it("the repository's CHANGELOG.md has notes ready for the next release", () => {
    const out = releaseChangelog(readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8'), '99.0.0', '2026-12-07');
    expect(out).toHaveProperty('text');
  });
});
