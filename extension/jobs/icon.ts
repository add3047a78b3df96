import { LabIcon } from '@jupyterlab/ui-components';

/** A chip with a play mark: the Jobs sidebar tab and the "Submit to GPU cluster" cell button. */
const JOBS_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M9 2v2H7a3 3 0 0 0-3 3v2H2v2h2v2H2v2h2v2a3 3 0 0 0 3 3h2v2h2v-2h2v2h2v-2h2a3 3 0 0 0 3-3v-2h2v-2h-2v-2h2V9h-2V7a3 3 0 0 0-3-3h-2V2h-2v2h-2V2H9zM7 6h10a1 1 0 0 1 1 1v10a1 1 0 0 1-1 1H7a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1zm3 3v6l5-3-5-3z"/>
  </g>
</svg>`;

/** The name is what schema/jobs.json refers to. */
export const jobsIcon = new LabIcon({ name: 'mlportal:jobs', svgstr: JOBS_SVG });
