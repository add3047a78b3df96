/** Equality-based label selectors (`a=b`, `a==b`, `a!=b`, `a`, `!a`, comma-joined), as list and watch requests send them. */
export type LabelSelector = (labels: Record<string, string> | undefined) => boolean;

export function parseLabelSelector(text: string | null): LabelSelector {
  const terms = (text ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((term): LabelSelector => {
      const match = /^(!?)([^=!]+)(?:(==|=|!=)(.*))?$/.exec(term);
      if (!match) throw new Error(`unable to parse requirement: ${JSON.stringify(term)}`);
      const [, negated, key, operator, value] = match;
      if (!operator) return (labels) => key in (labels ?? {}) !== (negated === '!');
      if (negated) throw new Error(`unable to parse requirement: ${JSON.stringify(term)}`);
      return operator === '!=' ? (labels) => labels?.[key] !== value : (labels) => labels?.[key] === value;
    });
  return (labels) => terms.every((matches) => matches(labels));
}
