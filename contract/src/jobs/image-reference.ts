/**
 * Container image references, checked with the grammar Docker and containerd use
 * (github.com/distribution/reference): [domain[:port]/]path[:tag][@digest], path components in
 * lower case. A reference they would refuse is refused here, naming what is wrong, before a job
 * waits in a queue only to fail at pull time.
 */

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME = `(?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';

const REFERENCE = new RegExp(`^(${NAME})(?::${TAG})?(?:@${DIGEST})?$`);

/** The longest repository name the registries accept. */
export const MAX_IMAGE_NAME_LENGTH = 255;

/** Why `reference` is not a valid image reference, or undefined when it is. */
export function imageReferenceProblem(reference: string): string | undefined {
  if (reference.trim() !== reference || reference === '')
    return 'must be an image reference such as "python:3.12-slim" or "ghcr.io/org/trainer:1.4", without spaces';
  const match = REFERENCE.exec(reference);
  if (!match) {
    if (/[A-Z]/.test(reference.split(/[:@]/)[0].split('/').slice(-1)[0] ?? ''))
      return `"${reference}" is not a valid image reference: repository names must be lower case`;
    return `"${reference}" is not a valid image reference: expected [registry[:port]/]name[:tag][@sha256:digest], name in lower case letters, digits and . _ - separators`;
  }
  if (match[1].length > MAX_IMAGE_NAME_LENGTH)
    return `"${reference}" is not a valid image reference: the repository name is longer than ${MAX_IMAGE_NAME_LENGTH} characters`;
  return undefined;
}
