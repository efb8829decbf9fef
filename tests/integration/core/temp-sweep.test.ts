import { existsSync, mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataFiles } from '../../../src/main/core/paths.ts';
import type { CoreHarness } from './harness.ts';
import { recordingPeer, startCore } from './harness.ts';

let harness: CoreHarness;
beforeAll(async () => {
  harness = await startCore(recordingPeer('sweep').peer, 'temp-sweep');
});
afterAll(() => harness.close());

describe('the composed core at start', () => {
  it('sweeps temporary files a day old (an unread export, an abandoned upload) and keeps younger ones', async () => {
    // Exports wait in the temporary folder for a window to read them.
    const exported = await harness.call('history.exportAll', { format: 'json' });
    const temp = dataFiles(harness.dataDir).temp;
    expect(existsSync(join(temp, `${exported.exportId}.json`))).toBe(true);
    // What a crash left there: two files from two days ago, one from an hour ago.
    mkdirSync(temp, { recursive: true });
    const stale = [join(temp, 'left-by-a-closed-window.zip'), join(temp, 'abandoned-upload.json')];
    const twoDaysAgo = (Date.now() - 2 * 24 * 60 * 60 * 1000) / 1000;
    for (const file of stale) {
      writeFileSync(file, 'x');
      utimesSync(file, twoDaysAgo, twoDaysAgo);
    }
    const hourOld = join(temp, 'an-hour-old.json');
    writeFileSync(hourOld, '{}');
    const hourAgo = (Date.now() - 60 * 60 * 1000) / 1000;
    utimesSync(hourOld, hourAgo, hourAgo);
    await harness.restart();
    for (const file of stale) expect(existsSync(file), file).toBe(false);
    expect(existsSync(hourOld)).toBe(true);
  });
});
