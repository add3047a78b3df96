// The labextension builder loads SVG files as strings (asset/source).
declare module '*.svg' {
  const svgstr: string;
  export default svgstr;
}
