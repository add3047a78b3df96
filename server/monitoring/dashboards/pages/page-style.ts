/** The standalone page's styles: plain, readable, printable. */
export const PAGE_STYLE = `[hidden] { display: none !important; }
body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 16px; color: #222; }
header { display: flex; flex-wrap: wrap; align-items: baseline; gap: 8px 24px; border-bottom: 1px solid #ddd; margin-bottom: 16px; }
h1 { font-size: 1.4rem; margin: 8px 0; }
nav a { margin-right: 12px; }
nav a[aria-current="page"] { font-weight: bold; text-decoration: none; color: inherit; }
#dashboard-window { color: #666; font-size: 0.9rem; }
section[data-panel] { border: 1px solid #e3e3e3; border-radius: 6px; padding: 12px 16px; margin-bottom: 16px; }
section[data-panel] h2 { font-size: 1.1rem; margin: 0 0 4px; }
section[data-panel] .description { color: #555; font-size: 0.9rem; margin: 0 0 8px; }
section[data-panel] .chart { width: 100%; }
section[data-panel] .empty { color: #777; font-style: italic; }
#dashboard-message[data-kind="error"] { color: #b00020; }
#token-form { display: grid; gap: 8px; max-width: 480px; }
`;
