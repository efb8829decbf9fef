import type { DiagramImage } from './mermaid-image.ts';

/**
 * Mermaid diagrams, drawn on demand. The drawing code and mermaid (a few MB) are their own chunk
 * (mermaid-draw.ts), imported the first time an answer holds a finished diagram, never before;
 * this side only keeps the results, one per source and theme, so a diagram is drawn once, and
 * draws one diagram at a time.
 */
export type DiagramTheme = 'light' | 'dark';
export type Diagram =
  | { image: DiagramImage; type: string }
  | { error: string }
  /** Too long to draw (DIAGRAM_MAX_CHARS). */
  | { error: null };

/** Past this, a diagram shows as its source: laying it out would hold the window too long. */
export const DIAGRAM_MAX_CHARS = 20_000;
const CACHE_LIMIT = 100;

interface Entry {
  promise: Promise<Diagram>;
  done?: Diagram;
}
const cache = new Map<string, Entry>();
let queue: Promise<unknown> = Promise.resolve();

function cacheKey(source: string, theme: DiagramTheme): string {
  return `${theme}\u0000${source}`;
}

/** The diagram when it has been drawn already (a remounted block shows it at once). */
export function drawnDiagram(source: string, theme: DiagramTheme): Diagram | undefined {
  return cache.get(cacheKey(source, theme))?.done;
}

/** Draws a diagram (once per source and theme; one at a time). Never rejects. */
export function drawDiagram(source: string, theme: DiagramTheme): Promise<Diagram> {
  const key = cacheKey(source, theme);
  const known = cache.get(key);
  if (known) return known.promise;
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  const entry: Entry = {
    promise: queue.then(() => draw(source, theme)).then((diagram) => (entry.done = diagram)),
  };
  queue = entry.promise;
  cache.set(key, entry);
  return entry.promise;
}

async function draw(source: string, theme: DiagramTheme): Promise<Diagram> {
  if (source.length > DIAGRAM_MAX_CHARS) return { error: null };
  try {
    const { drawMermaid } = await import('./mermaid-draw.ts');
    return await drawMermaid(source, theme);
  } catch (error) {
    // The chunk did not load (the import is tried again for the next diagram).
    return { error: error instanceof Error ? error.message : String(error) };
  }
}
