import type { HistogramBin } from '@mlportal/sdk/core';
import * as React from 'react';
import { formatNumber, plural } from './format';

const WIDTH = 240;
const HEIGHT = 56;
const GAP = 1;

export interface IHistogramProps {
  feature: string;
  bins: HistogramBin[];
}

/**
 * A feature's distribution as plain SVG bars scaled to the fullest bin. Screen readers (and UI
 * tests) get a summary as its accessible name; each bar's range and count is its tooltip.
 */
export function Histogram({ feature, bins }: IHistogramProps): JSX.Element | null {
  if (bins.length === 0) {
    return null;
  }
  const tallest = bins.reduce((best, bin) => (bin.count > best.count ? bin : best), bins[0]);
  const barWidth = WIDTH / bins.length;
  return (
    <svg
      className="jp-mlportal-histogram"
      role="img"
      aria-label={histogramSummary(feature, bins)}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      preserveAspectRatio="none"
    >
      {bins.map((bin, index) => {
        const height = tallest.count > 0 ? Math.max((bin.count / tallest.count) * HEIGHT, bin.count > 0 ? 1 : 0) : 0;
        return (
          <rect
            key={index}
            className="jp-mlportal-histogram-bar"
            x={index * barWidth + GAP / 2}
            y={HEIGHT - height}
            width={Math.max(barWidth - GAP, 0.5)}
            height={height}
          >
            <title>{`${formatNumber(bin.lower)} to ${formatNumber(bin.upper)}: ${formatNumber(bin.count)}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}

/** "Histogram of delay: 3 bins from 0 to 30, 12 values; most (7) between 10 and 20." */
export function histogramSummary(feature: string, bins: HistogramBin[]): string {
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  const tallest = bins.reduce((best, bin) => (bin.count > best.count ? bin : best), bins[0]);
  return (
    `Histogram of ${feature}: ${plural(bins.length, 'bin')} from ${formatNumber(bins[0].lower)} to ` +
    `${formatNumber(bins[bins.length - 1].upper)}, ${plural(total, 'value')}; ` +
    `most (${formatNumber(tallest.count)}) between ${formatNumber(tallest.lower)} and ${formatNumber(tallest.upper)}.`
  );
}
