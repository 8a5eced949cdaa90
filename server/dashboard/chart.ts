// A small server-rendered line chart: an SVG string from series of numbers, for pages that
// must work without JavaScript. It is an image with a title and description (role="img");
// the page next to it gives the same numbers as a table. Series differ by colour, line
// pattern and marker shape, and the legend names them, so colour is never the only cue.

export interface ChartSeries {
  label: string;
  values: number[];
}

export interface LineChartInput {
  /** Unique on the page: the title and description ids derive from it. */
  id: string;
  title: string;
  description: string;
  /** One label per point along the x axis (e.g. short dates). */
  labels: string[];
  series: ChartSeries[];
  /** Show every n-th x label (the last one always). Default: about 7 labels. */
  labelEvery?: number;
  width?: number;
  height?: number;
}

/** Colours with at least 4.5:1 contrast on white, each paired with its own dash and marker. */
const styles = [
  { colour: '#7a2e3a', dash: '', marker: 'circle' },
  { colour: '#1d4ed8', dash: '7 4', marker: 'square' },
  { colour: '#166534', dash: '2 3', marker: 'triangle' },
  { colour: '#6b21a8', dash: '10 3 2 3', marker: 'diamond' },
] as const;

type Marker = (typeof styles)[number]['marker'];

export function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const fmt = (n: number) => String(Math.round(n * 10) / 10);

function marker(kind: Marker, x: number, y: number, colour: string): string {
  const r = 3.5;
  switch (kind) {
    case 'circle':
      return `<circle cx="${fmt(x)}" cy="${fmt(y)}" r="${r}" fill="${colour}"/>`;
    case 'square':
      return `<rect x="${fmt(x - r)}" y="${fmt(y - r)}" width="${r * 2}" height="${r * 2}" fill="${colour}"/>`;
    case 'triangle':
      return `<path d="M${fmt(x)} ${fmt(y - r - 1)}L${fmt(x + r + 0.5)} ${fmt(y + r)}L${fmt(x - r - 0.5)} ${fmt(y + r)}Z" fill="${colour}"/>`;
    case 'diamond':
      return `<path d="M${fmt(x)} ${fmt(y - r - 1)}L${fmt(x + r + 1)} ${fmt(y)}L${fmt(x)} ${fmt(y + r + 1)}L${fmt(x - r - 1)} ${fmt(y)}Z" fill="${colour}"/>`;
  }
}

/** Whole-number gridlines: 0 up to a top that is a multiple of a 1-2-5 step. */
export function ticksFor(max: number, wanted = 4): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / wanted;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(
    1,
    [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude,
  );
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= top; v += step) ticks.push(v);
  return ticks;
}

export function lineChart(input: LineChartInput): string {
  const width = input.width ?? 720;
  const height = input.height ?? 300;
  const count = input.labels.length;
  const legendRow = 20;
  const pad = { top: 16 + legendRow * input.series.length, right: 24, bottom: 34, left: 40 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const max = Math.max(0, ...input.series.flatMap((s) => s.values));
  const ticks = ticksFor(max);
  const top = ticks[ticks.length - 1] ?? 1;
  const x = (i: number) => pad.left + (count <= 1 ? plotW / 2 : (plotW * i) / (count - 1));
  const y = (v: number) => pad.top + plotH - (plotH * v) / top;
  const every = input.labelEvery ?? Math.max(1, Math.ceil(count / 7));
  const titleId = `${input.id}-title`;
  const descId = `${input.id}-desc`;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="${escapeXml(input.id)}" role="img" aria-labelledby="${escapeXml(titleId)} ${escapeXml(descId)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title id="${escapeXml(titleId)}">${escapeXml(input.title)}</title>`,
    `<desc id="${escapeXml(descId)}">${escapeXml(input.description)}</desc>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
  ];
  // Gridlines with their values.
  for (const v of ticks) {
    const gy = fmt(y(v));
    parts.push(
      `<line x1="${pad.left}" y1="${gy}" x2="${width - pad.right}" y2="${gy}" stroke="${v === 0 ? '#5b524b' : '#ddd3c4'}" stroke-width="1"/>`,
      `<text x="${pad.left - 6}" y="${gy}" dy="0.32em" text-anchor="end" fill="#5b524b">${v}</text>`,
    );
  }
  // Labels along the x axis.
  input.labels.forEach((label, i) => {
    if (i % every !== 0 && i !== count - 1) return;
    if (i !== count - 1 && count - 1 - i < every / 2) return; // would overlap the last one
    const lx = fmt(x(i));
    parts.push(
      `<line x1="${lx}" y1="${fmt(pad.top + plotH)}" x2="${lx}" y2="${fmt(pad.top + plotH + 4)}" stroke="#5b524b"/>`,
      `<text x="${lx}" y="${fmt(height - pad.bottom + 18)}" text-anchor="middle" fill="#1f1a17">${escapeXml(label)}</text>`,
    );
  });
  // Series: a line with its dash pattern, a marker of its own shape on every point.
  input.series.forEach((s, k) => {
    const style = styles[k % styles.length] ?? styles[0];
    const points = s.values.map((v, i) => `${fmt(x(i))},${fmt(y(v))}`).join(' ');
    const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
    parts.push(`<g class="series series-${k + 1}">`);
    if (s.values.length > 1) {
      parts.push(
        `<polyline points="${points}" fill="none" stroke="${style.colour}" stroke-width="2"${dash}/>`,
      );
    }
    s.values.forEach((v, i) => {
      parts.push(marker(style.marker, x(i), y(v), style.colour));
    });
    parts.push('</g>');
    // Legend entry: a sample of the same line and marker, then the name.
    const ly = 12 + legendRow * k;
    parts.push(
      `<g class="legend"><line x1="${pad.left}" y1="${ly}" x2="${pad.left + 28}" y2="${ly}" stroke="${style.colour}" stroke-width="2"${dash}/>`,
      marker(style.marker, pad.left + 14, ly, style.colour),
      `<text x="${pad.left + 36}" y="${ly}" dy="0.32em" fill="#1f1a17">${escapeXml(s.label)}</text></g>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}
