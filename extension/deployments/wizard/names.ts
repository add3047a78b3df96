import { deploymentNameProblem } from '@mlportal/sdk/core';

/** A deployment name (a DNS label) made from a model name: "Flights_Delay.v2" → "flights-delay-v2". */
export function suggestDeploymentName(model: string): string {
  let name = model
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  if (!name) {
    name = 'model';
  }
  return deploymentNameProblem(name) ? 'model' : name;
}
