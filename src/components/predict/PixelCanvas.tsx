/** Draws a small gray or RGBA image into a canvas, scaled up with square pixels (image-rendering: pixelated). */
import { useEffect, useRef } from 'react';
import { grayToRgba, type GrayImage, type RgbaImage } from '../../predict/image';

export function PixelCanvas({ image, label, size = 112 }: { image: GrayImage | RgbaImage; label: string; size?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current;
    const ctx = c?.getContext('2d');
    if (!c || !ctx) return;
    c.width = image.width;
    c.height = image.height;
    const rgba = image.data instanceof Float32Array ? grayToRgba(image as GrayImage) : new Uint8ClampedArray(image.data);
    ctx.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, image.width, image.height), 0, 0);
  }, [image]);
  const aspect = image.height / Math.max(1, image.width);
  return <canvas ref={ref} className="pixel-canvas" role="img" aria-label={label} style={{ width: size, height: Math.round(size * Math.min(aspect, 3)) }} />;
}
