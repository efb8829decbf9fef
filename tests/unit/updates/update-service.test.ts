import { describe, expect, it } from 'vitest';
import type { UpdateStatus } from '../../../src/shared/updates.ts';
import type { Timers, UpdaterEvent, UpdaterPort } from '../../../src/main/core/updates/update-service.ts';
import { DAY_MS, UpdateService } from '../../../src/main/core/updates/update-service.ts';

/** A clock that runs timers only when told to advance. */
class ManualTimers implements Timers {
  now = 0;
  #next = 1;
  readonly pending = new Map<number, { at: number; run: () => void }>();
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.#next++;
    this.pending.set(id, { at: this.now + ms, run });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    for (;;) {
      const due = [...this.pending].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.now = due[1].at;
      due[1].run();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.now = until;
  }
}

/** An updater that records checks and answers each with the events it is given. */
class FakeUpdater implements UpdaterPort {
  checks = 0;
  restarts = 0;
  answer: UpdaterEvent[] | Error = [{ type: 'checking' }, { type: 'not-available' }];
  #listener: (event: UpdaterEvent) => void = () => {};
  async check(): Promise<void> {
    this.checks++;
    if (this.answer instanceof Error) throw this.answer;
    for (const event of this.answer) this.#listener(event);
  }
  installAndRestart(): void {
    this.restarts++;
  }
  onEvent(listener: (event: UpdaterEvent) => void): void {
    this.#listener = listener;
  }
  emit(event: UpdaterEvent): void {
    this.#listener(event);
  }
}

function setup() {
  const timers = new ManualTimers();
  const updater = new FakeUpdater();
  const published: UpdateStatus[] = [];
  const service = new UpdateService({
    updater,
    timers,
    now: () => timers.now,
    publish: (status) => published.push(status),
    firstCheckMs: 10_000,
  });
  return { timers, updater, published, service };
}

describe('update service', () => {
  it('checks shortly after start and then once a day, never before', async () => {
    const { timers, updater, service } = setup();
    service.setEnabled(true);
    await timers.advance(9_999);
    expect(updater.checks).toBe(0);
    await timers.advance(1);
    expect(updater.checks).toBe(1);
    expect(service.status).toEqual({ state: 'up-to-date', checkedAt: 10_000 });
    await timers.advance(DAY_MS - 1);
    expect(updater.checks).toBe(1);
    await timers.advance(1);
    expect(updater.checks).toBe(2);
    await timers.advance(3 * DAY_MS);
    expect(updater.checks).toBe(5);
  });

  it('downloads in the background and offers a restart once the update is there', async () => {
    const { timers, updater, published, service } = setup();
    updater.answer = [{ type: 'checking' }, { type: 'available', version: '1.2.0' }];
    service.setEnabled(true);
    await timers.advance(10_000);
    updater.emit({ type: 'progress', percent: 41.6 });
    expect(service.status).toEqual({ state: 'downloading', version: '1.2.0', percent: 42 });
    expect(service.restart()).toBe(false);
    expect(updater.restarts).toBe(0);
    updater.emit({ type: 'downloaded', version: '1.2.0' });
    expect(published.at(-1)).toEqual({ state: 'ready', version: '1.2.0' });
    // Ready: the daily check does not look again, and the restart installs it.
    await timers.advance(DAY_MS);
    expect(updater.checks).toBe(1);
    expect(service.restart()).toBe(true);
    expect(updater.restarts).toBe(1);
  });

  it('checks nothing while turned off, and stops the schedule when turned off', async () => {
    const { timers, updater, published, service } = setup();
    service.setEnabled(false);
    await timers.advance(5 * DAY_MS);
    expect(updater.checks).toBe(0);
    expect(published).toEqual([{ state: 'off' }]);
    service.setEnabled(true);
    await timers.advance(10_000);
    expect(updater.checks).toBe(1);
    service.setEnabled(false);
    expect(timers.pending.size).toBe(0);
    await timers.advance(5 * DAY_MS);
    expect(updater.checks).toBe(1);
    expect(service.status).toEqual({ state: 'off' });
  });

  it('reports a failed check in plain words and tries again the next day', async () => {
    const { timers, updater, service } = setup();
    updater.answer = new Error('net::ERR_INTERNET_DISCONNECTED');
    service.setEnabled(true);
    await timers.advance(10_000);
    expect(service.status).toEqual({
      state: 'error',
      message: 'Could not update Parley: net::ERR_INTERNET_DISCONNECTED',
    });
    updater.answer = [{ type: 'not-available' }];
    await timers.advance(DAY_MS);
    expect(updater.checks).toBe(2);
    expect(service.status.state).toBe('up-to-date');
  });

  it('turning the switch on twice keeps one schedule', async () => {
    const { timers, updater, service } = setup();
    service.setEnabled(true);
    service.setEnabled(true);
    expect(timers.pending.size).toBe(1);
    await timers.advance(10_000);
    expect(updater.checks).toBe(1);
    service.dispose();
    expect(timers.pending.size).toBe(0);
  });
});
