// The PumpOps operator page. It loads the view's snapshot, then applies the server-sent updates
// whose sequence number is newer; a gap in the numbers (a slow page misses updates by design)
// reloads the snapshot. window.pumpops exposes the state and the charts to the browser test.
'use strict';

const MAX_POINTS = 300;
const SENSOR_CHANNELS = ['pressure', 'flow', 'current', 'temperature', 'vibration1'];
const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2'];

const view = { sequence: -1, loaded: false, pumps: {}, models: {}, rollouts: {}, gateways: {}, drift: {},
  alarms: [], events: [], thresholds: [], selectedPump: null };
const charts = {};
window.pumpops = { view, charts };

const timeAxis = { type: 'linear', ticks: { maxTicksLimit: 6, callback: v => new Date(v).toISOString().substring(11, 19) } };

function makeCharts() {
  charts.sensor = new Chart(document.getElementById('sensor-chart'), {
    type: 'line', data: { datasets: [] },
    options: { animation: false, maintainAspectRatio: false, parsing: false, normalized: true,
      elements: { point: { radius: 0 } }, scales: { x: timeAxis }, plugins: { title: { display: true, text: 'sensors' } } }
  });
  charts.score = new Chart(document.getElementById('score-chart'), {
    type: 'scatter', data: { datasets: [
      { label: 'anomaly score', data: [], backgroundColor: '#d62728' },
      { label: 'threshold', data: [], type: 'line', borderColor: '#555', borderDash: [4, 4], pointRadius: 0 }] },
    options: { animation: false, maintainAspectRatio: false, parsing: false, scales: { x: timeAxis },
      plugins: { title: { display: true, text: 'anomaly scores (alarms)' } } }
  });
  charts.drift = new Chart(document.getElementById('drift-chart'), {
    type: 'bar', data: { labels: [], datasets: [] },
    options: { animation: false, maintainAspectRatio: false, indexAxis: 'y' }
  });
}

// ---- applying the view ----

function applySnapshot(snapshot) {
  view.sequence = snapshot.sequence;
  view.pumps = snapshot.pumps;
  view.models = {};
  snapshot.models.forEach(m => view.models[m.modelName + ':' + m.version] = m);
  view.rollouts = {};
  snapshot.rollouts.forEach(r => view.rollouts[r.rolloutId] = r);
  view.gateways = {};
  snapshot.gateways.forEach(g => view.gateways[g.gatewayId] = g);
  view.drift = {};
  snapshot.drift.forEach(d => view.drift[d.featureName] = d);
  view.alarms = snapshot.alarms;
  view.events = snapshot.events;
  view.thresholds = snapshot.driftThresholds;
  renderAll();
}

const handlers = {
  reading(d) {
    const pump = pumpOf(d.pumpId, d.siteId);
    push(pump.sensors, d.point);
    if (d.pumpId === view.selectedPump) {
      appendSensorPoint(d.point);
    } else if (!view.selectedPump) {
      renderPumpSelect();
    }
  },
  anomaly(d) {
    const pump = pumpOf(d.pumpId, d.siteId);
    push(pump.scores, d.point);
    if (d.pumpId === view.selectedPump) renderScores();
  },
  alarm(d) {
    // The alarm's latest state replaces the earlier one; open alarms stay on top.
    view.alarms = [d, ...view.alarms.filter(a => a.alarmId !== d.alarmId)];
    view.alarms.sort((a, b) => (a.state === 'CLOSED') - (b.state === 'CLOSED'));
    view.alarms.length = Math.min(view.alarms.length, 50);
    renderAlarms();
  },
  drift(d) { view.drift[d.featureName] = d; renderDrift(); },
  gateway(d) { view.gateways[d.gatewayId] = d; renderGateways(); },
  rollout(d) { view.rollouts[d.rolloutId] = d; renderRollouts(); },
  model(d) {
    if (d.aliases.length) {
      // An alias names one version: take it off the others of the model.
      Object.values(view.models).filter(m => m.modelName === d.modelName)
        .forEach(m => m.aliases = m.aliases.filter(a => !d.aliases.includes(a)));
    }
    view.models[d.modelName + ':' + d.version] = d;
    renderModels();
  },
  event(d) { view.events.unshift(d); view.events.length = Math.min(view.events.length, 200); renderEvents(); }
};

function pumpOf(id, siteId) {
  if (!view.pumps[id]) view.pumps[id] = { pumpId: id, siteId: siteId, sensors: [], scores: [] };
  return view.pumps[id];
}

function push(series, point) {
  series.push(point);
  if (series.length > MAX_POINTS) series.shift();
}

// ---- rendering ----

function renderAll() {
  renderPumpSelect(); renderSensors(); renderScores(); renderAlarms(); renderDrift();
  renderModels(); renderRollouts(); renderGateways(); renderEvents();
}

function renderPumpSelect() {
  const select = document.getElementById('pump-select');
  const ids = Object.keys(view.pumps).sort();
  if (!view.selectedPump && ids.length) view.selectedPump = ids[0];
  if (select.options.length !== ids.length) {
    select.replaceChildren(...ids.map(id => new Option(id + ' (' + view.pumps[id].siteId + ')', id)));
    select.value = view.selectedPump || '';
  }
  document.getElementById('counts').textContent = ids.length + ' pumps, ' + Object.keys(view.gateways).length + ' gateways';
}

function channelsOf(points) {
  const seen = new Set();
  points.forEach(p => Object.keys(p.channels).forEach(c => seen.add(c)));
  const preferred = SENSOR_CHANNELS.filter(c => seen.has(c));
  return preferred.length ? preferred : [...seen].sort().slice(0, 5);
}

function renderSensors() {
  const pump = view.pumps[view.selectedPump];
  const points = pump ? pump.sensors : [];
  charts.sensor.data.datasets = channelsOf(points).map((channel, i) => ({
    label: channel, borderColor: COLORS[i % COLORS.length], borderWidth: 1.5,
    data: points.filter(p => p.channels[channel] !== undefined).map(p => ({ x: p.t, y: p.channels[channel] }))
  }));
  charts.sensor.update();
}

function appendSensorPoint(point) {
  const datasets = charts.sensor.data.datasets;
  if (!datasets.length) { renderSensors(); return; }
  datasets.forEach(ds => {
    if (point.channels[ds.label] === undefined) return;
    ds.data.push({ x: point.t, y: point.channels[ds.label] });
    if (ds.data.length > MAX_POINTS) ds.data.shift();
  });
  charts.sensor.update('none');
}

function renderScores() {
  const pump = view.pumps[view.selectedPump];
  const scores = pump ? pump.scores : [];
  charts.score.data.datasets[0].data = scores.map(p => ({ x: p.t, y: p.score }));
  charts.score.data.datasets[1].data = scores.map(p => ({ x: p.t, y: p.threshold }));
  charts.score.update();
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text === undefined || text === null ? '' : text;
  if (className) td.className = className;
  return td;
}

function row(...cells) {
  const tr = document.createElement('tr');
  cells.forEach(c => tr.appendChild(c instanceof Node ? c : cell(c)));
  return tr;
}

function time(iso) { return iso ? iso.replace('T', ' ').substring(0, 19) : ''; }

function renderAlarms() {
  const open = view.alarms.filter(a => a.state !== 'CLOSED').length;
  document.querySelector('#open-alarms').textContent = open === 1 ? '1 open' : open + ' open';
  document.querySelector('#alarms tbody').replaceChildren(...view.alarms.map(a => {
    const tr = row(a.state === 'CLOSED' ? 'closed' : 'open', a.severity, a.pumpId, a.siteId, time(a.openedAt),
      time(a.closedAt), (a.peakScore / a.threshold).toFixed(1) + 'x',
      (a.contributors || []).map(c => c.feature + ' ' + (c.zScore >= 0 ? '+' : '') + c.zScore.toFixed(1) + 'σ').join(', '),
      a.modelName + ' v' + a.modelVersion);
    tr.dataset.alarm = a.alarmId;
    tr.className = a.state === 'CLOSED' ? 'closed' : a.severity.toLowerCase();
    return tr;
  }));
}

function renderDrift() {
  const features = Object.keys(view.drift).sort();
  const statistics = view.thresholds.length ? view.thresholds : [{ statistic: 'psi', threshold: null }];
  // A feature's PSI limit is calibrated per model and comes with its statistics; the configured threshold is the floor.
  const limit = (f, t) => t.statistic === 'psi' && view.drift[f].psiLimit != null
    ? Math.max(t.threshold === null ? 0 : t.threshold, view.drift[f].psiLimit) : t.threshold;
  charts.drift.data.labels = features;
  charts.drift.data.datasets = statistics.map((t, i) => ({
    label: t.statistic + (t.threshold === null ? '' : ' (threshold ' + t.threshold + ')'),
    backgroundColor: features.map(f => limit(f, t) !== null && view.drift[f][t.statistic] > limit(f, t) ? '#d62728' : COLORS[i]),
    data: features.map(f => view.drift[f][t.statistic])
  }));
  if (features.some(f => view.drift[f].psiLimit != null)) {
    const psi = statistics.find(t => t.statistic === 'psi') || { statistic: 'psi', threshold: null };
    charts.drift.data.datasets.push({ label: 'psi limit (calibrated per feature)', type: 'line', showLine: false,
      pointStyle: 'line', pointRadius: 8, borderColor: '#555', data: features.map(f => limit(f, psi)) });
  }
  charts.drift.update();
  const latest = features.map(f => view.drift[f]).sort((a, b) => b.windowEnd.localeCompare(a.windowEnd))[0];
  document.getElementById('drift-window').textContent = latest
    ? 'window ' + time(latest.windowStart) + ' to ' + time(latest.windowEnd) + ' against v' + latest.modelVersion : '';
}

function renderModels() {
  const models = Object.values(view.models).sort((a, b) => b.version - a.version);
  document.querySelector('#model-timeline tbody').replaceChildren(...models.map(m => {
    const aliases = document.createElement('td');
    m.aliases.forEach(a => { const b = document.createElement('span'); b.className = 'badge ' + a; b.textContent = a; aliases.appendChild(b); });
    const metrics = Object.entries(m.metrics || {}).slice(0, 4).map(([k, v]) => k + '=' + (Math.round(v * 1000) / 1000)).join(' ');
    const lineage = m.lineage ? 'run ' + m.lineage.runId + (m.lineage.parentRunId ? ' (parent ' + m.lineage.parentRunId + ')' : '')
      + ', ' + m.lineage.datasetRanges.map(r => r.topic + '[' + r.partition + '] ' + r.fromOffset + '..' + r.toOffset).slice(0, 2).join(', ')
      + (m.lineage.datasetRanges.length > 2 ? ' …' : '') : '';
    const tr = row(m.modelName + ' v' + m.version, aliases, time(m.registeredAt), cell(metrics, 'wrap'), cell(lineage, 'wrap'),
      m.artifactSha256 ? m.artifactSha256.substring(0, 12) : '');
    tr.dataset.version = m.version;
    return tr;
  }));
  const champion = models.find(m => m.aliases.includes('champion'));
  const badge = document.getElementById('champion');
  badge.textContent = champion ? 'champion: ' + champion.modelName + ' v' + champion.version : 'no champion yet';
  badge.className = 'badge' + (champion ? ' champion' : '');
}

function renderRollouts() {
  const rollouts = Object.values(view.rollouts).sort((a, b) => (b.updatedAt || '').localeCompare(a.updatedAt || '')).slice(0, 5);
  document.getElementById('rollouts').replaceChildren(...rollouts.map(r => {
    const div = document.createElement('div');
    div.className = 'rollout';
    const title = document.createElement('div');
    title.textContent = r.modelName + ' v' + r.modelVersion + (r.previousVersion ? ' (from v' + r.previousVersion + ')' : '') + ' — ' + r.rolloutId;
    const table = document.createElement('table');
    const gateways = Object.entries(r.gateways).sort((a, b) => a[1].ring - b[1].ring || a[0].localeCompare(b[0]));
    gateways.forEach(([id, g]) => table.appendChild(row('ring ' + g.ring, id, cell(g.status, 'status-' + g.status), cell(g.message, 'wrap'))));
    div.append(title, table);
    return div;
  }));
}

function renderGateways() {
  const gateways = Object.values(view.gateways).sort((a, b) => a.gatewayId.localeCompare(b.gatewayId));
  document.querySelector('#gateways tbody').replaceChildren(...gateways.map(g =>
    row(g.gatewayId, g.siteId, g.modelVersion ? g.modelName + ' v' + g.modelVersion : 'none',
      g.latencyP99Millis === null ? '' : g.latencyP99Millis.toFixed(2), g.bufferDepth,
      cell(g.uplinkConnected ? 'up' : 'down', g.uplinkConnected ? '' : 'badge down'), time(g.eventTime))));
  renderPumpSelect();
}

function renderEvents() {
  document.getElementById('events').replaceChildren(...view.events.map(e => {
    const li = document.createElement('li');
    const kind = document.createElement('span');
    kind.className = 'kind';
    kind.textContent = e.kind;
    li.append(time(e.time) + ' ', kind, e.summary);
    return li;
  }));
}

// ---- the wiring ----

let reloading = null;
async function reload() {
  const response = await fetch('/api/snapshot');
  applySnapshot(await response.json());
}

function scheduleReload() {
  if (!reloading) reloading = setTimeout(() => { reloading = null; reload(); }, 1000);
}

function connect() {
  const buffered = [];
  const source = new EventSource('/api/updates');
  const status = document.getElementById('connection');
  source.onopen = () => { status.textContent = 'live'; status.className = 'badge champion'; };
  source.onerror = () => { status.textContent = 'reconnecting…'; status.className = 'badge down'; scheduleReload(); };
  Object.keys(handlers).forEach(kind => source.addEventListener(kind, e => {
    const update = JSON.parse(e.data);
    if (!view.loaded) { buffered.push([kind, update]); return; }
    apply(kind, update);
  }));
  // Subscribe first, then load the snapshot, so nothing falls between the two.
  reload().then(() => {
    view.loaded = true;
    buffered.forEach(([kind, update]) => apply(kind, update));
  });
}

function apply(kind, update) {
  if (update.sequence <= view.sequence) return;
  if (update.sequence > view.sequence + 1) { scheduleReload(); }
  view.sequence = update.sequence;
  handlers[kind](update.data);
}

document.getElementById('pump-select').addEventListener('change', e => {
  view.selectedPump = e.target.value;
  renderSensors(); renderScores();
});

makeCharts();
connect();
