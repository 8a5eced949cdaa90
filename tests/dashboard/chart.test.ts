// The SVG line chart helper: an image with a name, escaped text, a distinct look per series.
import { describe, expect, it } from 'vitest';
import { lineChart, ticksFor } from '../../server/dashboard/chart.ts';

const input = {
  id: 'c1',
  title: 'Posts <per> day',
  description: 'Two series & a "quote"',
  labels: ['1 Mar', '2 Mar', '3 Mar', '4 Mar'],
  series: [
    { label: 'Comments', values: [0, 3, 1, 7] },
    { label: 'Reviews <b>', values: [1, 0, 0, 2] },
  ],
};

describe('lineChart', () => {
  it('is an image named by its title and description', () => {
    const svg = lineChart(input);
    expect(svg).toMatch(/^<svg [^>]*role="img"[^>]*aria-labelledby="c1-title c1-desc"/);
    expect(svg).toContain('<title id="c1-title">Posts &lt;per&gt; day</title>');
    expect(svg).toContain('<desc id="c1-desc">Two series &amp; a &quot;quote&quot;</desc>');
    expect(svg).not.toContain('<b>');
    expect(svg.endsWith('</svg>')).toBe(true);
  });

  it('gives each series its own line pattern, marker shape and legend label', () => {
    const svg = lineChart(input);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    const dashes = [...svg.matchAll(/<polyline [^>]*?(stroke-dasharray="[^"]*")?\/>/g)].map(
      (m) => m[1] ?? 'solid',
    );
    expect(new Set(dashes).size).toBe(2);
    // Four points + one legend sample each: circles for the first, squares for the second.
    expect(svg.match(/<circle /g)).toHaveLength(5);
    expect(svg.match(/<rect x="[^0]/g)).toHaveLength(5);
    expect(svg).toContain('>Comments</text>');
    expect(svg).toContain('>Reviews &lt;b&gt;</text>');
  });

  it('labels the axes: whole-number gridlines and the x labels', () => {
    const svg = lineChart(input);
    for (const v of [0, 2, 4, 6, 8]) expect(svg).toContain(`>${v}</text>`);
    for (const l of input.labels) expect(svg).toContain(`>${l}</text>`);
  });

  it('copes with all zeros and a single point', () => {
    const svg = lineChart({ ...input, labels: ['1 Mar'], series: [{ label: 'A', values: [0] }] });
    expect(svg).not.toContain('NaN');
    expect(svg).not.toContain('<polyline');
    expect(svg).toContain('>1</text>');
  });
});

describe('ticksFor', () => {
  it('steps by 1, 2 or 5 times a power of ten', () => {
    expect(ticksFor(0)).toEqual([0, 1]);
    expect(ticksFor(3)).toEqual([0, 1, 2, 3]);
    expect(ticksFor(7)).toEqual([0, 2, 4, 6, 8]);
    expect(ticksFor(37)).toEqual([0, 10, 20, 30, 40]);
    expect(ticksFor(1200)).toEqual([0, 500, 1000, 1500]);
  });
});
