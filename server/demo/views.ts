// Drawn "photos of my view" for some demo introductions: a window onto a river or a street,
// made of simple shapes in SVG and turned into a PNG by sharp, then posted through the same
// re-encoding as a member's upload. No image files to ship or license.
import { loadSharp } from '../core/uploads.ts';

const scenes = [
  // A river with a bridge under a pale sky; sticky notes on the desk below the window.
  `<rect width="800" height="600" fill="#cfe3ef"/>
   <circle cx="620" cy="140" r="56" fill="#f6d776"/>
   <rect y="330" width="800" height="150" fill="#5b8fb0"/>
   <path d="M60 330 q170-150 340 0 q170-150 340 0" stroke="#6b4f3a" stroke-width="22" fill="none"/>
   <rect x="0" y="470" width="800" height="130" fill="#b98b5e"/>
   <rect x="120" y="500" width="70" height="60" fill="#f7e463" transform="rotate(-6 155 530)"/>
   <rect x="230" y="505" width="70" height="60" fill="#f9b4c0" transform="rotate(4 265 535)"/>
   <rect x="340" y="498" width="70" height="60" fill="#f7e463" transform="rotate(-2 375 528)"/>`,
  // A wet street at dusk with lit windows across; a cat on the sill.
  `<rect width="800" height="600" fill="#3b4a6b"/>
   <rect x="40" y="120" width="220" height="340" fill="#2a3450"/>
   <rect x="300" y="80" width="200" height="380" fill="#25304a"/>
   <rect x="540" y="150" width="230" height="310" fill="#2a3450"/>
   <g fill="#f3c969"><rect x="80" y="170" width="40" height="50"/><rect x="180" y="260" width="40" height="50"/>
   <rect x="340" y="140" width="40" height="50"/><rect x="420" y="240" width="40" height="50"/>
   <rect x="590" y="200" width="40" height="50"/><rect x="680" y="300" width="40" height="50"/></g>
   <rect y="460" width="800" height="140" fill="#56607a"/>
   <path d="M0 520 h800" stroke="#8d97ad" stroke-width="4" stroke-dasharray="40 30"/>
   <ellipse cx="600" cy="560" rx="70" ry="30" fill="#2d2d2d"/>
   <circle cx="650" cy="515" r="26" fill="#2d2d2d"/>
   <path d="M632 495 l6-22 l12 18 z M660 493 l10-20 l6 22 z" fill="#2d2d2d"/>`,
];

/** Scene `index` inside a window frame, as a PNG, as a member's phone might hand it in. */
export async function viewPng(index: number): Promise<Buffer> {
  const sharp = await loadSharp();
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" viewBox="0 0 800 600">
  ${scenes[index % scenes.length]}
  <path d="M0 0h800v600H0z M24 24v552h752V24z" fill="#f4efe6" fill-rule="evenodd"/>
  <rect x="392" y="24" width="16" height="552" fill="#f4efe6"/>
</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}
