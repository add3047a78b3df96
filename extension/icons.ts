import { LabIcon } from '@jupyterlab/ui-components';
import featuresSvg from '../style/icons/features.svg';
import mlportalSvg from '../style/icons/mlportal.svg';
import registrySvg from '../style/icons/registry.svg';

/** Sidebar tab, command and settings icon; the name is what schema/*.json refer to. */
export const mlportalIcon = new LabIcon({ name: 'mlportal:portal', svgstr: mlportalSvg });

/** The Feature Discovery sidebar tab and its commands. */
export const featuresIcon = new LabIcon({ name: 'mlportal:features', svgstr: featuresSvg });

/** The Model Registry sidebar tab and the "Register model" cell toolbar button. */
export const registryIcon = new LabIcon({ name: 'mlportal:registry', svgstr: registrySvg });
