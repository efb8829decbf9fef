/**
 * The render benchmark's page (built by bench/render.ts): the real Parley UI over a fake main
 * side (`#ours`), or a peer (`#naive`: react-markdown; `#streamdown`: Streamdown with its code
 * and math plugins). The driver calls `window.__bench`.
 */
import '../src/styles/base.css';
import { createFakeMain } from './fake-main.ts';
import type { FakeMain } from './fake-main.ts';
import { createFakeAttachments, drawPhoto } from './fake-attachments.ts';
import { prepareImage } from '../src/lib/attachments/prepare-image.ts';
import { longAnswer } from './content.ts';
import { hugeParagraph } from './hostile-content.ts';
import { inNextTask } from './next-task.ts';

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
    requestAnimationFrame(() => inNextTask(() => keyLatencies.push(performance.now() - t0)));
  },
  true,
);

const mode = location.hash.slice(1) || 'ours';
/** The huge paragraph's size (1 MB), the same for Parley and the peers. */
const HUGE_CHARS = 1_000_000;
const text = (kind: 'long' | 'huge', chars: number) =>
  kind === 'huge' ? hugeParagraph(chars) : longAnswer(chars);
/** `#attachments`: the 2,000-message conversation is left out, and one with 50 photos is in. */
const IMAGES = 50;
let fake: FakeMain;

const bench = {
  mode,
  now: () => performance.now(),
  longTasks: (since = 0) => longTasks.filter((t) => t.start >= since),
  keyLatencies: () => keyLatencies.slice(),
  resetKeys: () => void (keyLatencies.length = 0),
  setAnswer: (kind: 'long' | 'huge', chars: number, tokensPerSecond: number) =>
    fake.setAnswer(text(kind, chars), tokensPerSecond),
  streamDone: () => fake.streamDone(),
  /** A peer: stream straight to the mounted PeerMessage. */
  streamPeer: (kind: 'long' | 'huge', chars: number, tokensPerSecond: number) =>
    fake.stream('peer', text(kind, chars), tokensPerSecond),
  /** A peer: a finished answer shown at once; resolves when its end has been painted. */
  openPeer: async (kind: 'long' | 'huge', chars: number) => {
    const { openPeerText } = await import('./peers.tsx');
    const t0 = performance.now();
    openPeerText(text(kind, chars));
    return (await bench.whenText('.markdown', chars * 0.8)) - t0;
  },
  /** Resolves when the element's text is at least `length` long and a frame has been painted with it. */
  whenText: (selector: string, length: number) =>
    new Promise<number>((resolve) => {
      const check = () => {
        if ((document.querySelector(selector)?.textContent?.length ?? 0) >= length) afterPaint(resolve);
        else requestAnimationFrame(check);
      };
      check();
    }),
  /** A 12-megapixel photo (drawn here) scaled down as an attachment is: the time of that alone. */
  downscalePhoto: async (width: number, height: number) => {
    const photo = new File([await drawPhoto(width, height)], 'photo.jpg', { type: 'image/jpeg' });
    const t0 = performance.now();
    const { file, downscaled } = await prepareImage(photo);
    const ms = performance.now() - t0;
    const bitmap = await createImageBitmap(file);
    const out = { ms, downscaled, inBytes: photo.size, outBytes: file.size, outType: file.type };
    const result = { ...out, outWidth: bitmap.width, outHeight: bitmap.height };
    bitmap.close();
    return result;
  },
  /** The same photo pasted into the composer: time until its chip says it is uploaded. */
  pastePhoto: async (width: number, height: number) => {
    const photo = new File([await drawPhoto(width, height, 7)], 'photo.jpg', { type: 'image/jpeg' });
    const data = new DataTransfer();
    data.items.add(photo);
    const box = document.querySelector('textarea[aria-label="Message"]')!;
    const t0 = performance.now();
    box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    return (await bench.whenRendered('.attachment-chip[data-state="ready"]')) - t0;
  },
  /** Resolves when every thumbnail in view has its image decoded and painted. */
  whenThumbnailsShown: () =>
    new Promise<number>((resolve) => {
      const check = () => {
        const view = document.querySelector('.message-scroll')!.getBoundingClientRect();
        const boxes = [...document.querySelectorAll('.message-image')].filter((el) => {
          const r = el.getBoundingClientRect();
          return r.bottom > view.top && r.top < view.bottom;
        });
        const shown = boxes.every((el) => el.querySelector('img')?.complete);
        if (boxes.length > 0 && shown) afterPaint(resolve);
        else requestAnimationFrame(check);
      };
      check();
    }),
  /** Resolves when the element matching `selector` exists and a frame has been painted with it. */
  whenRendered: (selector: string) =>
    new Promise<number>((resolve) => {
      const check = () => {
        if (document.querySelector(selector)) afterPaint(resolve);
        else requestAnimationFrame(check);
      };
      check();
    }),
};
(window as unknown as { __bench: typeof bench }).__bench = bench;

/** Calls back with the time just after the next frame has been painted. */
function afterPaint(resolve: (time: number) => void): void {
  requestAnimationFrame(() => inNextTask(() => resolve(performance.now())));
}

async function boot() {
  const photos = mode === 'attachments' ? await createFakeAttachments(IMAGES) : null;
  fake = createFakeMain({
    bigConversationMessages: photos ? 2 : 2000,
    hugeAnswer: () => hugeParagraph(HUGE_CHARS),
    ...(photos ? { conversations: [photos.conversation], handlers: photos.handlers } : {}),
  });
  window.parley = fake.bridge;
  const [{ createElement }, { createRoot }] = await Promise.all([
    import('react'),
    import('react-dom/client'),
  ]);
  await import('../src/i18n/index.ts');
  const root = createRoot(document.getElementById('root')!);
  if (mode === 'naive' || mode === 'streamdown') {
    const { PeerMessage } = await import('./peers.tsx');
    root.render(createElement(PeerMessage, { bridge: fake.bridge, streamId: 'peer', kind: mode }));
  } else {
    const { App } = await import('../src/App.tsx');
    root.render(createElement(App));
  }
  document.body.dataset.ready = 'true';
}
void boot();
