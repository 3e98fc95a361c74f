// Aquatrade dashboard: polls the JSON API every few seconds and draws it. Prices and amounts arrive as exact decimal
// text; they are shown as they are and turned into numbers only for drawing.
'use strict';

const POLL_MS = 3000;
const UP = '#26a69a';
const DOWN = '#ef5350';
const charts = {};
let equityChart = null;

function $(id) {
  return document.getElementById(id);
}

// Numbers keep their JSON text (exact decimals as the server wrote them), where the browser gives it to a reviver.
function exact(key, value, context) {
  return typeof value === 'number' && context && typeof context.source === 'string' ? context.source : value;
}

async function getJson(url) {
  const response = await fetch(url, {cache: 'no-store'});
  if (!response.ok) {
    throw new Error(url + ': HTTP ' + response.status);
  }
  return JSON.parse(await response.text(), exact);
}

function row(values, data) {
  const tr = document.createElement('tr');
  for (const v of values) {
    const td = document.createElement('td');
    td.textContent = v === null || v === undefined ? '-' : String(v);
    tr.appendChild(td);
  }
  for (const [k, v] of Object.entries(data || {})) {
    tr.dataset[k] = v === null || v === undefined ? '' : String(v);
  }
  return tr;
}

function fill(tableId, rows) {
  $(tableId).querySelector('tbody').replaceChildren(...rows);
}

function time(ms) {
  return ms === null || ms === undefined ? '-' : new Date(Number(ms)).toISOString().replace('.000Z', 'Z');
}

function age(ms) {
  if (ms === null || ms === undefined) {
    return '-';
  }
  const n = Number(ms);
  if (n < 0) {
    return '-' + age(-n);
  }
  return n < 1000 ? n + ' ms' : n < 60000 ? (n / 1000).toFixed(1) + ' s' : n < 3600000
      ? Math.floor(n / 60000) + ' min ' + Math.floor(n % 60000 / 1000) + ' s' : n < 86400000
          ? Math.floor(n / 3600000) + ' h ' + Math.floor(n % 3600000 / 60000) + ' min'
          : Math.floor(n / 86400000) + ' d ' + Math.floor(n % 86400000 / 3600000) + ' h';
}

function withQuote(amount, quote) {
  return amount === null || amount === undefined ? null : amount + ' ' + quote;
}

// Renders the StatusReport of bin/aquatrade status --json, as served at api/status.
function renderStatus(s) {
  if (s.error) {
    throw new Error(s.error);
  }
  $('run').textContent = 'queues ' + s.queueDir;
  const code = Number(s.exitCode);
  $('exit-code').textContent = code === 0 ? 'OK' : 'PROBLEMS (exit code ' + code + ')';
  $('exit-code').className = 'badge ' + (code === 0 ? 'off' : 'on');
  $('problems').replaceChildren(...(s.problems || []).map(p => {
    const li = document.createElement('li');
    li.textContent = p;
    return li;
  }));
  const risk = s.risk || {};
  $('kill-switch-state').textContent = 'kill switch: ' + (risk.killSwitchOn ? 'ON' : 'off');
  $('kill-switch-state').className = 'badge ' + (risk.killSwitchOn ? 'on' : 'off');
  $('kill-switch-state').title = risk.killSwitch || '';
  $('risk').textContent = 'kill switch: ' + (risk.killSwitch || (risk.killSwitchOn ? 'ON' : 'off'))
      + ' · daily loss limit hit: ' + (risk.dailyLossHit === null || risk.dailyLossHit === undefined ? 'unknown'
          : risk.dailyLossHit.join(', ') || 'none')
      + ' · reduce-only: ' + ((risk.reduceOnly || []).map(r => r.instrument + ' (' + r.reason + ')')
          .join(', ') || 'none');
  $('day').textContent = '(' + s.day + ' UTC)';
  fill('health', (s.processes || []).map(p => {
    const lag = (p.inputs || []).map(i => i.topic + ' ' + (Number(i.lagMessages) < 0 ? '?' : i.lagMessages)
        + (Number(i.lagMs) < 0 ? '' : ' / ' + age(i.lagMs))).join(', ');
    const tr = row([p.process, p.liveness + (p.exitCode === null ? '' : ' (exit ' + p.exitCode + ')'),
      p.heartbeatAgeMs === null ? '-' : age(p.heartbeatAgeMs) + ' ago', lag, p.errors, p.deadLetters, p.lastError],
    {process: p.process, liveness: p.liveness, alive: p.alive});
    tr.children[1].className = p.alive ? 'up' : 'down';
    return tr;
  }));
  fill('feeds', (s.feeds || []).map(f => {
    const tr = row([f.instrument, f.state, f.lastTickEventTimeNs === null ? '-'
        : time(Number(f.lastTickEventTimeNs) / 1e6) + ' (' + age(f.lastTickAgeMs) + ' ago)',
      f.publishedAgoMs === null ? '-' : age(f.publishedAgoMs) + ' ago'], {instrument: f.instrument, state: f.state});
    tr.children[1].className = f.stale ? 'down' : 'up';
    return tr;
  }));
  fill('pnl-today', (s.strategies || []).map(d => row([d.strategy, d.quoteAsset,
    d.pnlToday === null ? 'unknown' : d.pnlToday, d.tradesToday,
    d.dailyLossHit === null ? 'unknown' : d.dailyLossHit ? 'hit' : 'no'],
  {strategy: d.strategy, pnlToday: d.pnlToday})));
  fill('positions', (s.positions || []).map(p => row([p.strategy, p.instrument, p.quantity, p.markPrice,
    withQuote(p.unrealizedPnl, p.quoteAsset), withQuote(p.costBasis, p.quoteAsset)],
  {strategy: p.strategy, instrument: p.instrument, quantity: p.quantity})));
  fill('exposure', (s.exposure || []).map(e => row([e.scope, e.quoteAsset, e.notional])));
  fill('open-orders', (s.openOrders || []).map(o => row([o.clientOrderId, o.strategy, o.instrument,
    o.side + ' ' + o.orderType + ' ' + o.timeInForce + ' ' + o.quantity
    + (o.limitPrice === null ? '' : ' limit ' + o.limitPrice)
    + (o.triggerPrice === null ? '' : ' trigger ' + o.triggerPrice) + (o.accepted ? '' : ' (not accepted yet)'),
    o.filledQuantity, time(Number(o.submitTimeNs) / 1e6)], {clientOrderId: o.clientOrderId})));
  fill('dead-letters', (s.deadLetters || []).map(d => row([d.process, d.count,
    d.lastTime === null ? '-' : d.lastTime + ' ' + d.lastTopic + ' ' + d.lastType + ': ' + d.lastError])));
}

function chartFor(symbol, barCount) {
  if (!charts[symbol]) {
    const div = document.createElement('div');
    div.id = 'chart-' + symbol;
    div.className = 'chart';
    $('charts').appendChild(div);
    charts[symbol] = echarts.init(div, null, {renderer: 'canvas'});
    // opens on the latest 300 bars; later refreshes keep whatever zoom the operator chose
    const start = barCount > 300 ? 100 - 30000 / barCount : 0;
    charts[symbol].setOption({dataZoom: [{type: 'inside', start: start}, {type: 'slider', start: start}]});
  }
  return charts[symbol];
}

function renderBars(c) {
  const chart = chartFor(c.instrument, c.bars.length);
  const candles = c.bars.map(b => [Number(b[0]), Number(b[1]), Number(b[4]), Number(b[3]), Number(b[2])]);
  const marks = kind => c.fills.filter(f => f.kind === kind)
      .map(f => ({value: [Number(f.timeMs), Number(f.price)], fill: f}));
  const tf = c.timeframeMs ? ' ' + (Number(c.timeframeMs) / 60000) + 'm' : '';
  chart.setOption({
    animation: false,
    title: {text: c.instrument + tf + ' · ' + c.bars.length + ' bars', left: 'center', textStyle: {fontSize: 13}},
    legend: {data: ['bars', 'entries', 'exits'], top: 22},
    tooltip: {
      trigger: 'item',
      formatter: p => p.data && p.data.fill
          ? p.data.fill.strategy + ' ' + p.data.fill.kind + ' ' + p.data.fill.side + ' ' + p.data.fill.quantity
          + ' @ ' + p.data.fill.price + '<br>' + time(p.data.fill.timeMs)
          : time(p.value[0]) + '<br>O ' + p.value[1] + ' C ' + p.value[2] + ' L ' + p.value[3] + ' H ' + p.value[4]
    },
    grid: {left: 90, right: 30, top: 55, bottom: 70},
    xAxis: {type: 'time'},
    yAxis: {type: 'value', scale: true},
    series: [
      {name: 'bars', type: 'candlestick', data: candles, encode: {x: 0, y: [1, 2, 3, 4]},
        itemStyle: {color: UP, color0: DOWN, borderColor: UP, borderColor0: DOWN}},
      {name: 'entries', type: 'scatter', data: marks('entry'), symbol: 'triangle', symbolSize: 11,
        itemStyle: {color: '#1565c0'}, z: 5},
      {name: 'exits', type: 'scatter', data: marks('exit'), symbol: 'diamond', symbolSize: 11,
        itemStyle: {color: '#ff8f00'}, z: 5}
    ]
  });
}

function renderEquity(e) {
  if (!equityChart) {
    equityChart = echarts.init($('equity-chart'), null, {renderer: 'canvas'});
  }
  const series = Object.entries(e.series).map(([quote, points]) => ({
    name: 'equity ' + quote, type: 'line', showSymbol: false,
    data: points.map(p => [Number(p[0]), Number(p[1])])
  }));
  equityChart.setOption({
    animation: false,
    title: {text: 'equity (bar closes)', left: 'center', textStyle: {fontSize: 13}},
    tooltip: {trigger: 'axis'},
    legend: {top: 22},
    grid: {left: 90, right: 30, top: 50, bottom: 30},
    xAxis: {type: 'time'},
    yAxis: {type: 'value', scale: true},
    series: series
  }, {replaceMerge: ['series']});
}

async function refresh() {
  try {
    renderStatus(await getJson('api/status'));
    const instruments = (await getJson('api/instruments')).instruments;
    for (const symbol of instruments) {
      renderBars(await getJson('api/bars?instrument=' + encodeURIComponent(symbol)));
    }
    renderEquity(await getJson('api/equity'));
    $('updated').textContent = 'updated ' + new Date().toISOString().substring(11, 19) + ' UTC';
    $('error').textContent = '';
    document.body.dataset.loaded = 'true';
  } catch (e) {
    $('error').textContent = 'cannot read the dashboard: ' + e.message;
  }
}

async function killSwitchOn(event) {
  event.preventDefault();
  const result = $('kill-switch-result');
  result.textContent = 'sending...';
  delete result.dataset.status;
  try {
    const response = await fetch('api/kill-switch', {
      method: 'POST',
      headers: {'Authorization': 'Bearer ' + $('token').value, 'Content-Type': 'application/json'},
      body: JSON.stringify({flatten: $('flatten').checked, reason: $('reason').value})
    });
    const body = await response.json().catch(() => ({}));
    result.textContent = response.ok ? 'done: ' + body.line
        : 'refused (HTTP ' + response.status + '): ' + (body.error || '');
    result.dataset.status = String(response.status);
  } catch (e) {
    result.textContent = 'failed: ' + e.message;
    result.dataset.status = 'error';
  }
  refresh();
}

$('kill-switch-form').addEventListener('submit', killSwitchOn);
window.addEventListener('resize', () => Object.values(charts).concat(equityChart ? [equityChart] : [])
    .forEach(c => c.resize()));
refresh();
setInterval(refresh, POLL_MS);
