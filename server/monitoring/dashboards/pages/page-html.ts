/** The standalone dashboard page: a shell without data; the script fetches the dashboard with the visitor's token. */
import type { DashboardKind } from '@mlportal/contract';

const TITLES: Record<DashboardKind, string> = {
  analyst: 'Analyst dashboard',
  product: 'Product dashboard',
  business: 'Business dashboard'
};

export function dashboardPage(kind: DashboardKind): string {
  const links = (Object.keys(TITLES) as DashboardKind[])
    .map(
      (k) =>
        `<a href="/dashboards/${k}" data-kind-link="${k}"${k === kind ? ' aria-current="page"' : ''}>${TITLES[k].replace(' dashboard', '')}</a>`
    )
    .join(' ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>mlportal · ${TITLES[kind]}</title>
<link rel="stylesheet" href="/dashboards/assets/dashboard.css">
<script src="/dashboards/assets/vega.min.js" defer></script>
<script src="/dashboards/assets/vega-lite.min.js" defer></script>
<script src="/dashboards/assets/vega-embed.min.js" defer></script>
<script src="/dashboards/assets/dashboard.js" defer></script>
</head>
<body data-kind="${kind}" data-state="loading">
<header>
<h1 id="dashboard-title">${TITLES[kind]}</h1>
<nav>${links}</nav>
<label id="deployment-picker" hidden>Deployment <select id="deployment-select"></select></label>
<p id="dashboard-window"></p>
</header>
<form id="token-form" hidden>
<p>This dashboard needs an mlportal API token. It is kept in this tab only (session storage).</p>
<label>API token <input id="token-input" name="token" type="password" autocomplete="off" required></label>
<button type="submit">Show dashboard</button>
</form>
<p id="dashboard-message" role="status" hidden></p>
<main id="panels"></main>
</body>
</html>
`;
}
