import { Worker } from 'node:worker_threads';

// Plain JavaScript, evaluated in a worker: survives bundling and keeps the main thread free while
// SQLite reads every page of a large history.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
let problems;
try {
  const db = new DatabaseSync(workerData.file, { readOnly: true, timeout: 5000 });
  try {
    problems = db.prepare('PRAGMA integrity_check(5)').all().map((r) => String(r.integrity_check));
  } finally {
    db.close();
  }
} catch (error) {
  problems = [String(error && error.message || error)];
}
parentPort.postMessage(problems.length === 1 && problems[0] === 'ok' ? [] : problems);
`;

/** SQLite's integrity_check of the whole file on a worker thread; resolves to the problems found (none: []). */
export function checkIntegrityInBackground(file: string): Promise<string[]> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file } });
    worker.unref();
    let settled = false;
    worker.once('message', (problems: string[]) => {
      settled = true;
      resolve(problems);
    });
    worker.once('error', (error) => {
      if (!settled) resolve([`the check could not run: ${error.message}`]);
      settled = true;
    });
    worker.once('exit', () => {
      if (!settled) resolve(['the check stopped before it finished']);
      settled = true;
    });
  });
}
