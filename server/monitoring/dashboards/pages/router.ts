/**
 * The standalone read-only dashboard pages, outside the API: GET /dashboards/:kind is a public
 * HTML shell holding no data (the script fetches /api/v1/dashboards/:kind with the visitor's
 * token), and /dashboards/assets/* its script, styles and the vega builds.
 */
import { createReadStream } from 'node:fs';
import { Router, type Response } from 'express';
import { requestState } from '../../../api/request-state';
import { DASHBOARD_KINDS, type DashboardKind } from '@mlportal/contract';
import { dashboardPage } from './page-html';
import { pageScript } from './page-script';
import { PAGE_STYLE } from './page-style';
import { isVegaAsset, vegaAssetPath } from './vega-assets';

export const DASHBOARD_PAGES_ROOT = '/dashboards';

/**
 * Scripts only from this server, and no 'unsafe-eval': the page script has Vega evaluate its
 * expressions with vega-interpreter instead of compiling them with the Function constructor
 * (browser/charts.ts). vega-embed adds a style element, hence inline styles.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'"
].join('; ');

/**
 * A Map, not an object: the file name comes from the URL, and /assets/constructor must not find Object's.
 * The script is the bundle of browser/ (page-script.ts), read or bundled on its first request.
 */
const OWN_ASSETS: ReadonlyMap<string, { type: string; text: () => string | Promise<string> }> = new Map([
  ['dashboard.js', { type: 'text/javascript; charset=utf-8', text: pageScript }],
  ['dashboard.css', { type: 'text/css; charset=utf-8', text: () => PAGE_STYLE }]
]);

export function dashboardPagesRouter(): Router {
  const router = Router();
  // Express 5 hands a rejected promise (the bundle failed) to the error handler.
  router.get(`${DASHBOARD_PAGES_ROOT}/assets/:file`, async (req, res, next) => {
    requestState(res).route = `${DASHBOARD_PAGES_ROOT}/assets/:file`;
    const file = req.params.file;
    const own = OWN_ASSETS.get(file);
    if (own) return sendText(res, own.type, await own.text(), 'no-cache');
    if (!isVegaAsset(file)) return next();
    res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    res.setHeader('Cache-Control', 'public, max-age=86400');
    createReadStream(vegaAssetPath(file)).on('error', next).pipe(res);
  });
  router.get(`${DASHBOARD_PAGES_ROOT}/:kind`, (req, res, next) => {
    requestState(res).route = `${DASHBOARD_PAGES_ROOT}/:kind`;
    const kind = req.params.kind as DashboardKind;
    if (!DASHBOARD_KINDS.includes(kind)) return next();
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    sendText(res, 'text/html; charset=utf-8', dashboardPage(kind), 'no-store');
  });
  return router;
}

function sendText(res: Response, type: string, text: string, cacheControl: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.end(text);
}
