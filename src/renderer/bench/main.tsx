/**
 * The render benchmark's page (built by bench/render.ts): the real Parley UI over a fake main
 * side (`#ours`), or the naive react-markdown peer (`#naive`). The driver calls `window.__bench`.
 */
import '../src/styles/base.css';
import { createFakeMain } from './fake-main.ts';
import { longAnswer } from './content.ts';

interface LongTask {
  start: number;
  duration: number;
}

const longTasks: LongTask[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) longTasks.push({ start: entry.startTime, duration: entry.duration });
}).observe({ type: 'longtask', buffered: true });

// Input-to-paint of every key press: from the event's timestamp to just after the next frame.
const keyLatencies: number[] = [];
window.addEventListener(
  'keydown',
  (event) => {
    const t0 = event.timeStamp;
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => keyLatencies.push(performance.now() - t0);
      channel.port2.postMessage(null);
    });
  },
  true,
);

const mode = location.hash.slice(1) || 'ours';
const fake = createFakeMain({ bigConversationMessages: 2000 });
window.parley = fake.bridge;

const bench = {
  mode,
  now: () => performance.now(),
  longTasks: (since = 0) => longTasks.filter((t) => t.start >= since),
  keyLatencies: () => keyLatencies.slice(),
  resetKeys: () => void (keyLatencies.length = 0),
  setAnswer: (chars: number, tokensPerSecond: number) => fake.setAnswer(longAnswer(chars), tokensPerSecond),
  streamDone: () => fake.streamDone(),
  /** Naive peer: stream straight to the mounted NaiveMessage. */
  streamNaive: (chars: number, tokensPerSecond: number) =>
    fake.stream('naive', longAnswer(chars), tokensPerSecond),
  /** Resolves when the element matching `selector` exists and a frame has been painted with it. */
  whenRendered: (selector: string) =>
    new Promise<number>((resolve) => {
      const check = () => {
        if (document.querySelector(selector)) {
          requestAnimationFrame(() => {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve(performance.now());
            channel.port2.postMessage(null);
          });
        } else {
          requestAnimationFrame(check);
        }
      };
      check();
    }),
};
(window as unknown as { __bench: typeof bench }).__bench = bench;

async function boot() {
  const [{ createElement }, { createRoot }] = await Promise.all([
    import('react'),
    import('react-dom/client'),
  ]);
  await import('../src/i18n/index.ts');
  const root = createRoot(document.getElementById('root')!);
  if (mode === 'naive') {
    const { NaiveMessage } = await import('./naive.tsx');
    root.render(createElement(NaiveMessage, { bridge: fake.bridge, streamId: 'naive' }));
  } else {
    const { App } = await import('../src/App.tsx');
    root.render(createElement(App));
  }
  document.body.dataset.ready = 'true';
}
void boot();
