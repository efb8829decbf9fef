import mermaid from 'mermaid';
import type { MermaidConfig } from 'mermaid';
import { STYLE_SLOT, diagramImage } from './mermaid-image.ts';
import type { Diagram, DiagramTheme } from './mermaid-loader.ts';

/**
 * Draws one Mermaid diagram as a picture (mermaid-image.ts). Loaded on demand with mermaid
 * (mermaid-loader.ts), which calls it one diagram at a time. Mermaid runs with
 * `securityLevel: 'strict'` and without HTML labels, and a diagram's own configuration
 * (`%%{init}%%`, front matter) may change neither, nor the theme, fonts or CSS.
 */

/** Mermaid's messages can quote the whole source; the first part says what went wrong. */
const MESSAGE_MAX_CHARS = 600;

/** System fonts only (a picture cannot use the page's web fonts), Chinese ones included. */
const FONT =
  "system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif";

/** Keys a diagram's own configuration may not change. */
const SECURE_KEYS = [
  'secure',
  'securityLevel',
  'startOnLoad',
  'maxTextSize',
  'maxEdges',
  'suppressErrorRendering',
  'htmlLabels',
  'flowchart',
  'theme',
  'themeVariables',
  'themeCSS',
  'darkMode',
  'fontFamily',
  'altFontFamily',
];

function config(theme: DiagramTheme): MermaidConfig {
  return {
    startOnLoad: false,
    securityLevel: 'strict',
    htmlLabels: false,
    flowchart: { htmlLabels: false },
    theme: theme === 'dark' ? 'dark' : 'default',
    darkMode: theme === 'dark',
    fontFamily: FONT,
    // Errors are thrown (and shown with the source), never drawn as a picture of a bomb.
    suppressErrorRendering: true,
    secure: SECURE_KEYS,
  };
}

let drawn = 0;

export async function drawMermaid(source: string, theme: DiagramTheme): Promise<Diagram> {
  // Mermaid measures text, so it draws in the page, out of sight.
  const work = document.createElement('div');
  work.className = 'mermaid-work';
  work.setAttribute('aria-hidden', 'true');
  document.body.append(work);
  const styles = holdStyles();
  try {
    mermaid.initialize(config(theme));
    const { svg, diagramType } = await mermaid.render(`parley-mermaid-${++drawn}`, source, work);
    return { image: diagramImage(svg, styles.css()), type: diagramType };
  } catch (error) {
    return { error: plainMessage(error) };
  } finally {
    styles.release();
    work.remove();
  }
}

function plainMessage(error: unknown): string {
  const text = (error instanceof Error ? error.message : String(error)).trim() || 'Unknown error.';
  return text.length > MESSAGE_MAX_CHARS ? `${text.slice(0, MESSAGE_MAX_CHARS)}…` : text;
}

interface HeldStyles {
  css(): string;
  release(): void;
}

/**
 * While mermaid draws, the `<style>` element it makes is a stand-in `<metadata>` that keeps the CSS: the
 * page's policy refuses `<style>` elements (and reports each one). The CSS goes into the picture
 * (mermaid-image.ts), where it applies. Only one diagram draws at a time, so the stand-in is
 * only ever handed to mermaid.
 */
function holdStyles(): HeldStyles {
  const sheets: string[] = [];
  const create = Document.prototype.createElement;
  document.createElement = function (this: Document, tag: string, options?: ElementCreationOptions) {
    if (String(tag).toLowerCase() !== 'style') return create.call(this, tag, options);
    const slot = this.createElementNS('http://www.w3.org/2000/svg', 'metadata');
    slot.setAttribute(STYLE_SLOT, '');
    const index = sheets.push('') - 1;
    const text = {
      get: () => sheets[index],
      set: (css: unknown) => void (sheets[index] = String(css)),
    };
    Object.defineProperty(slot, 'innerHTML', text);
    Object.defineProperty(slot, 'textContent', text);
    return slot;
  } as typeof document.createElement;
  return {
    css: () => sheets.join('\n'),
    release: () => void delete (document as { createElement?: unknown }).createElement,
  };
}
