/**
 * Work done in idle time, a little per turn, so a frame that comes due is never held up for long:
 * highlighting, and formulas past a task's budget. Jobs are keyed (the same work asked for twice
 * is done once, and every asker is told); an asker that goes away cancels its interest.
 */
interface Job {
  run: () => void;
  listeners: Set<() => void>;
  /** A big job (compiling a highlighting language): first in its turn, and the last. */
  alone: boolean;
}

const jobs = new Map<string, Job>();
let scheduled = false;
/** Idle work per turn. */
const SLICE_MS = 6;

interface IdleDeadline {
  timeRemaining(): number;
}
type RequestIdleCallback = (run: (deadline: IdleDeadline) => void, options: { timeout: number }) => number;
const idleCallback = (globalThis as { requestIdleCallback?: RequestIdleCallback }).requestIdleCallback;
/** Idle time, or within a quarter second if the page is never idle. */
const requestIdle: (run: (deadline?: IdleDeadline) => void) => void = idleCallback
  ? (run) => void idleCallback(run, { timeout: 250 })
  : (run) => void setTimeout(run, 16);

function runJobs(deadline?: IdleDeadline): void {
  scheduled = false;
  const start = performance.now();
  let ran = 0;
  for (const [key, job] of jobs) {
    if (job.alone && ran > 0) break;
    jobs.delete(key);
    ran++;
    try {
      job.run();
    } finally {
      for (const listener of job.listeners) listener();
    }
    const spent = performance.now() - start;
    if (job.alone || spent > SLICE_MS || (deadline && deadline.timeRemaining() < 2)) break;
  }
  if (jobs.size > 0 && !scheduled) {
    scheduled = true;
    requestIdle(runJobs);
  }
}

/**
 * Runs `run` in idle time (once per key) and then calls `done`; `alone`: in a turn of its own.
 * Returns a cancel function.
 */
export function whenIdle(
  key: string,
  run: () => void,
  done: () => void,
  { alone = false }: { alone?: boolean } = {},
): () => void {
  let job = jobs.get(key);
  if (!job) {
    job = { run, listeners: new Set(), alone };
    jobs.set(key, job);
  }
  job.listeners.add(done);
  if (!scheduled) {
    scheduled = true;
    requestIdle(runJobs);
  }
  const scheduledJob = job;
  return () => {
    scheduledJob.listeners.delete(done);
    if (scheduledJob.listeners.size === 0 && jobs.get(key) === scheduledJob) jobs.delete(key);
  };
}
