// What every plot panel (heatmaps, graphs) shares: the margins its axes are drawn in, and
// the style that hides a description from the eye but not from screen readers. Pure TS.

/** Room around a plot for its axes (px): the same in every panel so panels line up. */
export const PLOT_MARGIN = { left: 64, bottom: 24, top: 6, right: 8 } as const;

/** Visually hidden but read by screen readers; inline so it holds on any page, and out of the layout flow. */
export const VISUALLY_HIDDEN = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' } as const;
