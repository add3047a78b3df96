/**
 * The standalone page's script (plain browser JavaScript, no framework). It takes the token from
 * the URL fragment (#token=…, then removed from the address bar) or from its form, keeps it in
 * sessionStorage, fetches the dashboard JSON with it, and draws each panel with vega-embed. Read
 * only: its one control is the deployment picker. <body data-state> goes loading → ready (every
 * chart drawn), or needs-token / error, so a browser test waits on it instead of sleeping.
 */
export const PAGE_SCRIPT = String.raw`(function () {
  'use strict';
  var TOKEN_KEY = 'mlportal-dashboard-token';
  var body = document.body;
  var kind = body.getAttribute('data-kind');
  var panels = document.getElementById('panels');
  var message = document.getElementById('dashboard-message');
  var form = document.getElementById('token-form');
  var picker = document.getElementById('deployment-picker');
  var select = document.getElementById('deployment-select');
  var windowText = document.getElementById('dashboard-window');
  var generation = 0;

  function takeTokenFromFragment() {
    var match = /(?:^#|&)token=([^&]+)/.exec(window.location.hash);
    if (!match) return;
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }

  function setState(state) { body.setAttribute('data-state', state); }

  function say(text, kindOfMessage) {
    message.textContent = text;
    message.hidden = !text;
    message.setAttribute('data-kind', kindOfMessage || 'info');
  }

  function api(path) {
    return fetch(path, { headers: { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN_KEY), Accept: 'application/json' } }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) {
          var error = new Error((answer && answer.error && answer.error.message) || answer.message || ('HTTP ' + response.status));
          error.status = response.status;
          throw error;
        }
        return answer;
      });
    });
  }

  function chosenDeployment() { return new URLSearchParams(window.location.search).get('deployment'); }

  function askForToken(text) {
    sessionStorage.removeItem(TOKEN_KEY);
    form.hidden = false;
    panels.textContent = '';
    say(text || '', text ? 'error' : 'info');
    setState('needs-token');
  }

  function fillPicker(deployments, current) {
    select.textContent = '';
    deployments.forEach(function (d) {
      var option = document.createElement('option');
      option.value = d.name;
      option.textContent = d.name;
      if (d.name === current) option.selected = true;
      select.appendChild(option);
    });
    picker.hidden = deployments.length === 0;
  }

  function panelSection(panel) {
    var section = document.createElement('section');
    section.setAttribute('data-panel', panel.id);
    var title = document.createElement('h2');
    title.textContent = panel.title;
    var description = document.createElement('p');
    description.className = 'description';
    description.textContent = panel.description;
    section.appendChild(title);
    section.appendChild(description);
    if (panel.empty) {
      section.setAttribute('data-empty', 'true');
      var empty = document.createElement('p');
      empty.className = 'empty';
      empty.textContent = panel.empty;
      section.appendChild(empty);
      return { section: section, drawn: Promise.resolve() };
    }
    var chart = document.createElement('div');
    chart.className = 'chart';
    section.appendChild(chart);
    return { section: section, chart: chart, spec: panel.spec };
  }

  function render(dashboard) {
    document.getElementById('dashboard-title').textContent = dashboard.title;
    windowText.textContent = (dashboard.deployment ? dashboard.deployment + ' · ' : '') + dashboard.from.slice(0, 16).replace('T', ' ') + ' – ' + dashboard.to.slice(0, 16).replace('T', ' ') + ' UTC';
    panels.textContent = '';
    var built = dashboard.panels.map(panelSection);
    built.forEach(function (b) { panels.appendChild(b.section); });
    return Promise.all(built.map(function (b) {
      if (!b.chart) return b.drawn;
      return vegaEmbed(b.chart, b.spec, { actions: false, renderer: 'svg' }).then(function () { b.section.setAttribute('data-rendered', 'true'); });
    }));
  }

  function load() {
    var mine = ++generation;
    if (!sessionStorage.getItem(TOKEN_KEY)) return askForToken('');
    form.hidden = true;
    say('', 'info');
    setState('loading');
    var deployment = chosenDeployment();
    var query = deployment ? '?deployment=' + encodeURIComponent(deployment) : '';
    return Promise.all([api('/api/v1/dashboards/' + kind + query), api('/api/v1/deployments').catch(function () { return { deployments: [] }; })])
      .then(function (answers) {
        if (mine !== generation) return;
        fillPicker(answers[1].deployments || [], answers[0].deployment);
        return render(answers[0]).then(function () { if (mine === generation) setState('ready'); });
      })
      .catch(function (error) {
        if (mine !== generation) return;
        if (error.status === 401) return askForToken('That token was not accepted: ' + error.message);
        say(error.message, 'error');
        setState('error');
      });
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var value = document.getElementById('token-input').value.trim();
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    document.getElementById('token-input').value = '';
    load();
  });

  select.addEventListener('change', function () {
    var params = new URLSearchParams(window.location.search);
    params.set('deployment', select.value);
    history.replaceState(null, '', window.location.pathname + '?' + params.toString());
    document.querySelectorAll('[data-kind-link]').forEach(function (link) { link.search = '?' + params.toString(); });
    load();
  });

  takeTokenFromFragment();
  if (chosenDeployment()) {
    document.querySelectorAll('[data-kind-link]').forEach(function (link) { link.search = window.location.search; });
  }
  load();
})();
`;
