/**
 * Main-thread tasks by CPU time, from Chromium's trace: on a loaded machine (a shared CI box, or 2
 * cores shared with other jobs) a task's wall time includes the time its thread waited for a core,
 * so `longtask` entries measure the machine as much as the page. A task's thread time (the trace's
 * `tdur`) is what the page itself spent: what a quiet machine would show as the task's length.
 */
import type { Browser, Page } from 'playwright-core';

export interface CpuTasks {
  /** The longest main-thread task, in CPU ms. */
  longest: number;
  /** Tasks over 50 CPU ms. */
  over50: number;
  /** Main-thread CPU time in tasks, in ms. */
  total: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { name?: string };
}

/** Starts tracing the page's tasks; the returned function stops and sums them up. */
export async function traceTasks(browser: Browser, page: Page): Promise<() => Promise<CpuTasks>> {
  await browser.startTracing(page, { categories: ['disabled-by-default-devtools.timeline'] });
  return async () => {
    const buffer = await browser.stopTracing();
    // A trace past Node's longest string (a peer blocking for seconds logs that much): unknown.
    if (buffer.length >= 0x1fffffe8) return { longest: NaN, over50: NaN, total: NaN };
    const trace = JSON.parse(buffer.toString()) as { traceEvents: TraceEvent[] } | TraceEvent[];
    return cpuTasks(Array.isArray(trace) ? trace : trace.traceEvents);
  };
}

/** The busiest renderer main thread's tasks (the page under test; other renderers idle). */
function cpuTasks(events: TraceEvent[]): CpuTasks {
  const mains = new Set(
    events
      .filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  const byThread = new Map<string, number[]>();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.name !== 'RunTask' || e.ph !== 'X' || e.tdur === undefined || !mains.has(thread)) continue;
    const list = byThread.get(thread) ?? [];
    list.push(e.tdur / 1000);
    byThread.set(thread, list);
  }
  const sum = (list: number[]) => list.reduce((a, b) => a + b, 0);
  const tasks = [...byThread.values()].sort((a, b) => sum(b) - sum(a))[0] ?? [];
  return {
    longest: Math.round(Math.max(0, ...tasks)),
    over50: tasks.filter((ms) => ms > 50).length,
    total: Math.round(sum(tasks)),
  };
}
