/**
 * What the page says: <body data-state> goes loading → ready (every chart drawn), or needs-token /
 * error, so a browser test waits on it instead of sleeping; and the one message line.
 */

export type PageState = 'loading' | 'ready' | 'needs-token' | 'error';

export function setState(body: HTMLElement, state: PageState): void {
  body.setAttribute('data-state', state);
}

export function say(message: HTMLElement, text: string, kind: 'info' | 'error' = 'info'): void {
  message.textContent = text;
  message.hidden = !text;
  message.setAttribute('data-kind', kind);
}
