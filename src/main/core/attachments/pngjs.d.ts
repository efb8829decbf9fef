/** The part of pngjs (which ships no types) that Parley and its tests use. */
declare module 'pngjs' {
  interface PngImage {
    width: number;
    height: number;
    /** RGBA, 8 bits a channel. */
    data: Buffer;
  }
  export class PNG implements PngImage {
    constructor(options: { width: number; height: number });
    width: number;
    height: number;
    data: Buffer;
    static sync: {
      read(buffer: Buffer): PngImage;
      write(png: PngImage, options?: { colorType?: number }): Buffer;
    };
  }
}
