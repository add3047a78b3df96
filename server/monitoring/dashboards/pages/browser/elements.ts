/** The page shell's elements (../page-html.ts), looked up once. A missing one is a bug in the shell. */

export interface PageElements {
  body: HTMLElement;
  title: HTMLElement;
  window: HTMLElement;
  picker: HTMLLabelElement;
  select: HTMLSelectElement;
  form: HTMLFormElement;
  tokenInput: HTMLInputElement;
  message: HTMLElement;
  panels: HTMLElement;
}

function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the dashboard page has no ${type.name} #${id}`);
  return element;
}

export function pageElements(): PageElements {
  return {
    body: document.body,
    title: byId('dashboard-title', HTMLElement),
    window: byId('dashboard-window', HTMLElement),
    picker: byId('deployment-picker', HTMLLabelElement),
    select: byId('deployment-select', HTMLSelectElement),
    form: byId('token-form', HTMLFormElement),
    tokenInput: byId('token-input', HTMLInputElement),
    message: byId('dashboard-message', HTMLElement),
    panels: byId('panels', HTMLElement)
  };
}
