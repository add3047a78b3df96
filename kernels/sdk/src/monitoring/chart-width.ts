/**
 * JupyterLab's Vega renderer sits in an element that sizes itself to its content, so a chart sized
 * to its container ("width": "container") measures nothing there: zero wide, or resizing without
 * end in a cell output. Such a chart gets a fixed width instead; other specs are left as they are.
 */
export function withFixedWidth(spec: Record<string, unknown>, width: number): Record<string, unknown> {
  return spec.width === 'container' ? { ...spec, width } : spec;
}
