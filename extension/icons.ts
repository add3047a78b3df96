import { LabIcon } from '@jupyterlab/ui-components';
import mlportalSvg from '../style/icons/mlportal.svg';

/** Sidebar tab, command and settings icon; the name is what schema/*.json refer to. */
export const mlportalIcon = new LabIcon({ name: 'mlportal:portal', svgstr: mlportalSvg });
