import { iconPng } from './icon-data.ts';

/**
 * The tray icon (16 px and 32 px for high-density screens) and the window icon, as PNG data
 * generated from build/*.svg (`npm run icons`), so the shell needs no files beside the bundle.
 * `template` is black on transparent: macOS tints it to the menu bar (nativeImage.setTemplateImage).
 */
const dataUrl = (base64: string) => `data:image/png;base64,${base64}`;

/** The data URLs for this platform: [1x, 2x], and whether macOS should treat them as a template. */
export function trayIconFor(platform: NodeJS.Platform): { x1: string; x2: string; template: boolean } {
  const template = platform === 'darwin';
  const [x1, x2] = template ? [iconPng.template16, iconPng.template32] : [iconPng.color16, iconPng.color32];
  return { x1: dataUrl(x1), x2: dataUrl(x2), template };
}

/**
 * The windows' own icon (taskbar, Alt+Tab) on Linux and Windows; null on macOS, where the app
 * bundle's icon is the one shown.
 */
export function windowIconFor(platform: NodeJS.Platform): string | null {
  return platform === 'darwin' ? null : dataUrl(iconPng.window256);
}
