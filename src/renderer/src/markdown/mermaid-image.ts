/**
 * Mermaid's SVG as a picture. The SVG goes into an `<img>` (a `data:` URL): in an image no script
 * runs, no link can be followed and nothing is fetched, and its own `<style>` applies inside it
 * without the page ever holding a `<style>` element (the page's policy refuses those).
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
/** The stand-in mermaid-loader.ts gives mermaid for its `<style>` element; the CSS goes back in here. */
export const STYLE_SLOT = 'data-parley-style-slot';

export interface DiagramImage {
  src: string;
  width: number;
  height: number;
}

/**
 * Mermaid's markup (an HTML serialization) and the CSS it meant for its `<style>`, as a
 * self-contained SVG image sized from its viewBox. Throws when the markup is not one SVG.
 */
export function diagramImage(markup: string, css: string): DiagramImage {
  // An inert document: nothing in it loads, runs or applies.
  const doc = new DOMParser().parseFromString(markup, 'text/html');
  const svg = doc.body.firstElementChild;
  if (!svg || svg.namespaceURI !== SVG_NS || svg.localName !== 'svg' || doc.body.childElementCount !== 1)
    throw new Error('Mermaid did not produce one SVG picture.');
  // The CSS goes back first in the picture, where mermaid put its <style>.
  for (const slot of svg.querySelectorAll(`[${STYLE_SLOT}]`)) slot.remove();
  const [width, height] = size(svg);
  svg.setAttribute('width', String(width));
  svg.setAttribute('height', String(height));
  svg.removeAttribute('style');
  const serialized = new XMLSerializer().serializeToString(svg);
  // Attribute values are serialized with `>` escaped, so the first `>` ends the start tag.
  const open = serialized.indexOf('>') + 1;
  const xml = `${serialized.slice(0, open)}<style>${escapeXmlText(css)}</style>${serialized.slice(open)}`;
  return { src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(xml)}`, width, height };
}

/** Width and height from the viewBox (mermaid's own width is "100%"). */
function size(svg: Element): [number, number] {
  const box = (svg.getAttribute('viewBox') ?? '')
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  const [width, height] = [box[2], box[3]];
  if (!width || !height || !Number.isFinite(width) || !Number.isFinite(height) || width <= 0 || height <= 0)
    throw new Error('Mermaid drew a picture with no size.');
  return [Math.ceil(width), Math.ceil(height)];
}

function escapeXmlText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
