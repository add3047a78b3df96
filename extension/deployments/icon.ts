import { LabIcon } from '@jupyterlab/ui-components';

/** A rocket: the Deployments sidebar tab, the deploy wizard and the registry's "Deploy" action. */
const DEPLOYMENTS_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24">
  <g class="jp-icon3" fill="#616161">
    <path d="M12 2c3.5 2 5.5 5.6 5.5 9.6 0 1.2-.2 2.3-.5 3.4l2.5 2.5-1 3.5-3-1.5h-7l-3 1.5-1-3.5L7 15c-.3-1.1-.5-2.2-.5-3.4C6.5 7.6 8.5 4 12 2zm0 6.5a2 2 0 1 0 0 4 2 2 0 0 0 0-4zM10 20h4l-2 2.5L10 20z"/>
  </g>
</svg>`;

/** The name is what schema/deployments.json refers to. */
export const deploymentsIcon = new LabIcon({ name: 'mlportal:deployments', svgstr: DEPLOYMENTS_SVG });
