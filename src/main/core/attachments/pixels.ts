/** RGBA pixels, 8 bits a channel, row by row. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * Scales down by averaging each target pixel's box of source pixels (sharp and free of moiré for
 * photos and screenshots alike). Never scales up.
 */
export function scaleDown(source: Pixels, width: number, height: number): Pixels {
  const { width: sw, height: sh, data: src } = source;
  if (width >= sw && height >= sh) return source;
  const data = new Uint8Array(width * height * 4);
  const sum = new Float64Array(width * 4);
  const count = new Float64Array(width);
  const xStart = Int32Array.from({ length: width + 1 }, (_, x) => Math.floor((x * sw) / width));
  for (let y = 0; y < height; y++) {
    sum.fill(0);
    count.fill(0);
    const y0 = Math.floor((y * sh) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * sh) / height));
    for (let sy = y0; sy < y1; sy++) {
      const row = sy * sw * 4;
      for (let x = 0; x < width; x++) {
        const x1 = Math.max(xStart[x]! + 1, xStart[x + 1]!);
        for (let sx = xStart[x]!; sx < x1; sx++) {
          const i = row + sx * 4;
          for (let c = 0; c < 4; c++) sum[x * 4 + c] = sum[x * 4 + c]! + src[i + c]!;
          count[x] = count[x]! + 1;
        }
      }
    }
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 4;
      for (let c = 0; c < 4; c++) data[o + c] = Math.round(sum[x * 4 + c]! / count[x]!);
    }
  }
  return { width, height, data };
}

/**
 * The pixels as EXIF orientation 1–8 says to show them (mirrored and turned), so the result needs no
 * orientation tag: for each target pixel, the source pixel it comes from.
 */
export function applyOrientation(source: Pixels, orientation: number): Pixels {
  if (orientation < 2 || orientation > 8) return source;
  const { width: w, height: h, data: src } = source;
  const turned = orientation >= 5;
  const width = turned ? h : w;
  const height = turned ? w : h;
  const from: (x: number, y: number) => [number, number] = [
    (x: number, y: number): [number, number] => [w - 1 - x, y],
    (x: number, y: number): [number, number] => [w - 1 - x, h - 1 - y],
    (x: number, y: number): [number, number] => [x, h - 1 - y],
    (x: number, y: number): [number, number] => [y, x],
    (x: number, y: number): [number, number] => [y, h - 1 - x],
    (x: number, y: number): [number, number] => [w - 1 - y, h - 1 - x],
    (x: number, y: number): [number, number] => [w - 1 - y, x],
  ][orientation - 2]!;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [sx, sy] = from(x, y);
      const i = (sy * w + sx) * 4;
      const o = (y * width + x) * 4;
      data[o] = src[i]!;
      data[o + 1] = src[i + 1]!;
      data[o + 2] = src[i + 2]!;
      data[o + 3] = src[i + 3]!;
    }
  }
  return { width, height, data };
}
