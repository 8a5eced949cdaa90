// Drawn portraits for some demo learners: small abstract pictures (a head and shoulders of
// simple shapes on a coloured ground), drawn from SVG by sharp, then uploaded through the
// profile's own photo pipeline like any member's photo. No image files to ship or license.
import { loadSharp } from '../core/uploads.ts';

/** Ground, figure and accent of each portrait (picture colours, not page colours). */
const palettes: [string, string, string][] = [
  ['#f2c14e', '#7a2e3a', '#f78154'],
  ['#4d9078', '#f4f1de', '#e07a5f'],
  ['#3d5a80', '#ee6c4d', '#e0fbfc'],
  ['#9c6644', '#ede0d4', '#7f5539'],
  ['#6d597a', '#eaac8b', '#355070'],
  ['#2a9d8f', '#e9c46a', '#264653'],
];

export const portraitCount = palettes.length;

function svgOf(index: number): string {
  const [ground, figure, accent] = palettes[index % palettes.length] as [string, string, string];
  const tilt = (index * 37) % 60;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" viewBox="0 0 256 256">
  <rect width="256" height="256" fill="${ground}"/>
  <circle cx="${60 + tilt}" cy="70" r="${26 + (index % 3) * 8}" fill="${accent}" opacity="0.7"/>
  <ellipse cx="128" cy="250" rx="92" ry="78" fill="${figure}"/>
  <circle cx="128" cy="112" r="50" fill="${figure}"/>
  <rect x="${70 + tilt}" y="${150 + (index % 2) * 20}" width="40" height="12" rx="6" fill="${accent}" transform="rotate(${tilt - 30} 128 160)"/>
</svg>`;
}

/** Portrait `index` as a PNG, as a member's camera might hand it in. */
export async function portraitPng(index: number): Promise<Buffer> {
  const sharp = await loadSharp();
  return sharp(Buffer.from(svgOf(index)))
    .png()
    .toBuffer();
}
