/**
 * Exporting a chart the page drew itself as SVG (the cadence heatmap, a branch's timeline): the
 * SVG element as a file, or drawn on a canvas at twice its size as PNG. Recorded in the audit log
 * first (no record, no file), as every export.
 */
import { recordExport } from '$lib/features/auth/audit-client.ts';
import { download } from '$lib/table/export.ts';

const CJK_FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

/** The SVG's text, standalone: its namespace, a white background, the page's CJK fonts. */
export function svgText(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  copy.setAttribute('style', `background:#fff;font-family:${CJK_FONTS}`);
  return new XMLSerializer().serializeToString(copy);
}

export async function exportSvgElement(svg: SVGSVGElement, fileName: string, format: 'svg' | 'png'): Promise<void> {
  await recordExport({ file: fileName, format });
  const text = svgText(svg);
  if (format === 'svg') {
    download(`${fileName}.svg`, new Blob([text], { type: 'image/svg+xml' }));
    return;
  }
  const { width, height } = svg.getBoundingClientRect();
  const image = new Image();
  const url = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the SVG could not be drawn'));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(width * 2);
    canvas.height = Math.ceil(height * 2);
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!png) throw new Error('the PNG could not be made');
    download(`${fileName}.png`, png);
  } finally {
    URL.revokeObjectURL(url);
  }
}
