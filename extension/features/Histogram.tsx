import type { TranslationBundle } from '@jupyterlab/translation';
import type { HistogramBin } from '@mlportal/sdk/core';
import * as React from 'react';
import { formatNumber } from '../ui/format';
import { useTrans } from '../ui/TranslatorContext';
import { untranslated } from '../ui/untranslated';

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
  const trans = useTrans();
  if (bins.length === 0) {
    return null;
  }
  const tallest = bins.reduce((best, bin) => (bin.count > best.count ? bin : best), bins[0]);
  const barWidth = WIDTH / bins.length;
  return (
    <svg
      className="jp-mlportal-histogram"
      role="img"
      aria-label={histogramSummary(feature, bins, trans)}
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
            <title>{trans.__('%1 to %2: %3', formatNumber(bin.lower), formatNumber(bin.upper), formatNumber(bin.count))}</title>
          </rect>
        );
      })}
    </svg>
  );
}

/** "Histogram of delay: 3 bins from 0 to 30, 12 values; most (7) between 10 and 20." */
export function histogramSummary(feature: string, bins: HistogramBin[], trans: TranslationBundle = untranslated): string {
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  const tallest = bins.reduce((best, bin) => (bin.count > best.count ? bin : best), bins[0]);
  return trans.__(
    'Histogram of %1: %2 from %3 to %4, %5; most (%6) between %7 and %8.',
    feature,
    trans._n('%2 bin', '%2 bins', bins.length, formatNumber(bins.length)),
    formatNumber(bins[0].lower),
    formatNumber(bins[bins.length - 1].upper),
    trans._n('%2 value', '%2 values', total, formatNumber(total)),
    formatNumber(tallest.count),
    formatNumber(tallest.lower),
    formatNumber(tallest.upper)
  );
}
