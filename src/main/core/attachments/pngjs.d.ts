/** The part of pngjs (which ships no types) that downscaling uses. */
declare module 'pngjs' {
  interface PngImage {
    width: number;
    height: number;
    /** RGBA, 8 bits a channel. */
    data: Buffer;
  }
  export const PNG: {
    sync: {
      read(buffer: Buffer): PngImage;
      write(png: PngImage, options?: { colorType?: number }): Buffer;
    };
  };
}
