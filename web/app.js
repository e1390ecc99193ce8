// hearsay's web interface: a few views over the JSON API (docs/api.md),
// routed by the URL hash (#/speaker/3). Every piece of stored text goes into
// the page as text (textContent, text nodes, title attributes), never as
// HTML, so that an article cannot inject markup or script.
'use strict';

const view = document.getElementById('view');

// el('a', {href: '#/'}, 'text', child): strings become text nodes.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

async function api(path, params) {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== '' && v !== null && v !== undefined) query.set(k, v);
  const qs = query.toString();
  const res = await fetch('/api/' + path + (qs ? '?' + qs : ''));
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || 'HTTP ' + res.status);
  return body;
}

function show(...nodes) {
  view.replaceChildren(...nodes);
}

function errorBox(e) {
  return el('p', {class: 'error', role: 'alert'}, e.message || String(e));
}

// A stable pastel colour per speaker.
function colourOf(key) {
  let h = 0;
  for (const ch of String(key)) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return `hsl(${h % 360} 70% 82%)`;
}

function speakerLink(s) {
  if (s.speaker_id) return el('a', {href: `#/speaker/${s.speaker_id}`, class: 'speaker'}, s.speaker || '?');
  return el('span', {class: 'speaker muted'}, s.speaker || 'unknown speaker');
}

function statementCard(s) {
  return el('div', {class: 'statement', 'data-id': s.id},
    el('div', {class: 'content'}, '“', s.content, '”'),
    el('div', {class: 'meta'},
      speakerLink(s),
      el('span', {class: 'badge'}, s.type),
      s.cue ? el('span', {}, 'cue: ', s.cue) : null,
      s.channel ? el('span', {}, 'via ', s.channel) : null,
      s.cited_document_id ? el('a', {href: `#/cited/${s.cited_document_id}`, class: 'cited'},
                               '📄 ', s.cited_document, s.stance ? ` (${s.stance})` : '') : null,
      el('a', {href: `#/document/${s.document_id}`, class: 'doc'}, s.outlet || 'article', ' ', s.day || ''),
      s.cluster_id ? el('a', {href: `#/quote/${s.cluster_id}`}, 'carried by…') : null));
}

// A bar chart of [[label, n], ...]; a note when Chart.js is unavailable.
function chart(points, label) {
  const box = el('div', {class: 'chart'});
  const canvas = el('canvas', {'aria-label': label, role: 'img'});
  box.append(canvas);
  if (!window.Chart) {
    box.replaceChildren(el('p', {class: 'error'}, 'the chart library did not load'));
    return box;
  }
  requestAnimationFrame(() => new window.Chart(canvas, {
    type: 'bar',
    data: {labels: points.map(p => p[0]), datasets: [{label, data: points.map(p => p[1]), backgroundColor: '#546e7a'}]},
    options: {animation: false, maintainAspectRatio: false, plugins: {legend: {display: false}},
              scales: {x: {ticks: {maxTicksLimit: 20}}}},
  }));
  return box;
}

function pager(page, go) {
  return el('div', {class: 'pager'},
    page.offset > 0 ? el('button', {onclick: () => go(Math.max(0, page.offset - page.limit))}, '← previous') : null,
    page.has_more ? el('button', {onclick: () => go(page.offset + page.limit)}, 'next →') : null);
}

function table(headers, rows) {
  return el('table', {}, el('thead', {}, el('tr', {}, ...headers.map(h => el('th', {}, h)))),
            el('tbody', {}, ...rows.map(r => el('tr', {}, ...r.map(c => el('td', {}, c))))));
}

// --- views ------------------------------------------------------------

async function searchView(params) {
  const fields = [['q', 'words or "a phrase"'], ['speaker', 'speaker'], ['outlet', 'outlet (exact)'],
                  ['cited', 'cited document'], ['from', 'from YYYY-MM-DD'], ['to', 'to YYYY-MM-DD']];
  const inputs = {};
  const form = el('form', {class: 'search', role: 'search'});
  for (const [name, label] of fields) {
    inputs[name] = el('input', {name, type: 'search', value: params.get(name) || ''});
    form.append(el('label', {}, label, inputs[name]));
  }
  inputs.type = el('select', {name: 'type'}, ...['', 'direct', 'indirect', 'mixed'].map(
    t => el('option', {value: t}, t || 'any type')));
  inputs.type.value = params.get('type') || '';
  form.append(el('label', {}, 'type', inputs.type), el('button', {type: 'submit'}, 'Search'));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const [k, input] of Object.entries(inputs)) if (input.value) q.set(k, input.value);
    location.hash = '#/?' + q.toString();
  });
  const results = el('div', {id: 'results'});
  const timeline = el('div', {});
  show(el('h1', {}, 'Who said what'), form, results, el('h2', {}, 'Statements per month'), timeline);
  api('timeline', {bucket: 'month'}).then(t => timeline.replaceChildren(chart(t.points, 'statements')))
    .catch(e => timeline.replaceChildren(errorBox(e)));
  const query = Object.fromEntries(params.entries());
  try {
    const page = await api('statements', query);
    results.replaceChildren(
      el('p', {class: 'muted'}, page.items.length ? `statements ${page.offset + 1}–${page.offset + page.items.length}`
                                                   : 'no statement matches'),
      ...page.items.map(statementCard),
      pager(page, offset => { params.set('offset', offset); location.hash = '#/?' + params.toString(); }));
  } catch (e) {
    results.replaceChildren(errorBox(e));
  }
}

async function speakerView(id, params) {
  const d = await api(`speakers/${id}`, {offset: params.get('offset') || ''});
  const s = d.speaker;
  show(
    el('h1', {}, s.name),
    el('p', {class: 'muted'}, `${s.kind} · ${s.statement_count} statements in ${s.document_count} articles · ` +
                             `${s.first_seen || '?'} – ${s.last_seen || '?'}`),
    el('h2', {}, 'Statements over time'), chart(d.timeline, 'statements'),
    el('h2', {}, 'Roles and affiliations'),
    d.roles.length ? table(['role', 'affiliation', 'day', 'article'],
                           d.roles.map(r => [r.role || '', r.affiliation || '', r.day || '', r.doc_id]))
                   : el('p', {class: 'muted'}, 'none stated'),
    el('h2', {}, 'Outlets that quote them'),
    table(['outlet', 'statements', 'first', 'last'],
          d.outlets.map(o => [el('a', {href: '#/?' + new URLSearchParams({speaker_id: id, outlet: o.outlet || ''})},
                                 o.outlet || '(none)'), o.statements, o.first || '', o.last || ''])),
    el('h2', {}, 'Documents they cite'),
    d.cited_documents.length ? table(['cited document', 'statements'],
      d.cited_documents.map(c => [el('a', {href: `#/cited/${c.id}`}, c.name), c.statements]))
                             : el('p', {class: 'muted'}, 'none'),
    el('h2', {}, 'Statements'),
    ...d.statements.items.map(statementCard),
    pager(d.statements, offset => { location.hash = `#/speaker/${id}?offset=${offset}`; }));
}

async function citedView(id) {
  const d = await api(`cited/${id}`);
  const c = d.document;
  const first = d.first_appearance;
  show(
    el('h1', {}, c.name),
    el('p', {class: 'muted'}, `${c.kind}${c.issuer ? ' by ' + c.issuer : ''}${c.date ? ', ' + c.date : ''} · ` +
                             `${c.citation_count} citing statements`),
    el('h2', {}, 'How it was cited'),
    el('p', {class: 'stances'}, ...Object.entries(d.stances).map(([k, n]) => el('span', {class: 'badge'}, `${k}: ${n}`))),
    el('h2', {}, 'Who cited it'),
    table(['speaker', 'stance', 'statements', 'first'],
          d.speakers.map(s => [speakerLink(s), s.stance || '', s.statements, s.first || ''])),
    el('h2', {}, 'Timeline'), chart(d.timeline, 'citing statements'),
    el('h2', {}, 'First appearance'), first ? statementCard(first) : el('p', {class: 'muted'}, 'unknown'),
    el('h2', {}, 'Citing statements'), ...d.statements.map(statementCard));
}

async function quoteView(id) {
  const d = await api(`quotes/${id}`);
  const c = d.cluster;
  show(
    el('h1', {}, '“', c.content, '”'),
    el('p', {class: 'muted'}, `carried ${c.member_count} times by ${c.outlet_count} outlets; first seen ` +
                             `${c.first_published || '?'}`),
    el('h2', {}, 'Outlets'), table(['outlet', 'statements', 'first'],
                                   d.outlets.map(o => [o.outlet || '(none)', o.statements, o.first || ''])),
    el('h2', {}, 'Timeline'), chart(d.timeline, 'statements'),
    el('h2', {}, 'Every appearance, earliest first'), ...d.members.map(statementCard));
}

// The article with each statement's content highlighted in its speaker's
// colour; hovering shows cue, channel, time and cited document. Offsets are
// code points, as the API gives them.
async function documentView(id) {
  const d = await api(`documents/${id}`);
  const doc = d.document;
  const chars = Array.from(doc.text);
  const spans = d.statements.filter(s => s.start >= 0 && s.end <= chars.length && s.start < s.end)
                 .sort((a, b) => a.start - b.start);
  const article = el('div', {class: 'article', id: 'article'});
  let at = 0;
  for (const s of spans) {
    if (s.start < at) continue;  // overlapping statements: the first one wins
    article.append(document.createTextNode(chars.slice(at, s.start).join('')));
    const key = s.speaker_id || s.speaker || '?';
    const hover = [`speaker: ${s.speaker || 'unknown'}`, `type: ${s.type}`, `cue: ${s.cue || '—'}`,
                   `channel: ${s.channel || '—'}`, `time: ${s.time || s.date || '—'}`,
                   `cited document: ${s.cited_document || '—'}${s.stance ? ' (' + s.stance + ')' : ''}`].join('\n');
    const mark = el('mark', {title: hover, 'data-statement': s.id}, chars.slice(s.start, s.end).join(''));
    mark.style.backgroundColor = colourOf(key);
    article.append(mark);
    at = s.end;
  }
  article.append(document.createTextNode(chars.slice(at).join('')));
  const legend = el('p', {class: 'legend'});
  const seen = new Set();
  for (const s of spans) {
    const key = s.speaker_id || s.speaker || '?';
    if (seen.has(key)) continue;
    seen.add(key);
    const item = el('span', {}, s.speaker || 'unknown');
    item.style.backgroundColor = colourOf(key);
    legend.append(item);
  }
  show(el('h1', {}, doc.title || doc.doc_id),
       el('p', {class: 'muted'}, [doc.outlet, doc.published, doc.authors].filter(Boolean).join(' · '),
          doc.url ? ' · ' : '', doc.url && /^https?:\/\//.test(doc.url) ? el('a', {href: doc.url, rel: 'noopener noreferrer'}, 'original') : ''),
       legend, article,
       el('h2', {}, 'Statements'), table(['speaker', 'type', 'cue', 'channel', 'time', 'cited document'],
         d.statements.map(s => [speakerLink(s), s.type, s.cue || '', s.channel || '', s.time || s.date || '',
                                s.cited_document_id ? el('a', {href: `#/cited/${s.cited_document_id}`}, s.cited_document) : ''])));
}

function listView(title, path, filterName, columns, row) {
  return async params => {
    const input = el('input', {type: 'search', name: filterName, value: params.get(filterName) || ''});
    const form = el('form', {class: 'search'}, el('label', {}, filterName, input), el('button', {type: 'submit'}, 'Filter'));
    const hash = location.hash.split('?')[0];
    form.addEventListener('submit', ev => { ev.preventDefault(); location.hash = hash + '?' + new URLSearchParams({[filterName]: input.value}); });
    const page = await api(path, Object.fromEntries(params.entries()));
    show(el('h1', {}, title), form, table(columns, page.items.map(row)),
         pager(page, offset => { params.set('offset', offset); location.hash = hash + '?' + params.toString(); }));
  };
}

const speakersView = listView('Speakers', 'speakers', 'name', ['name', 'kind', 'statements', 'articles', 'first', 'last'],
  s => [el('a', {href: `#/speaker/${s.id}`}, s.name), s.kind, s.statement_count, s.document_count, s.first_seen || '', s.last_seen || '']);
const citedListView = listView('Cited documents', 'cited', 'name', ['name', 'issuer', 'date', 'citations', 'first cited'],
  c => [el('a', {href: `#/cited/${c.id}`}, c.name), c.issuer || '', c.date || '', c.citation_count, c.first_cited || '']);
const quotesView = listView('Quotations carried by several articles', 'quotes', 'q', ['quotation', 'articles', 'outlets', 'first seen'],
  q => [el('a', {href: `#/quote/${q.id}`}, q.content), q.member_count, q.outlet_count, q.first_published || '']);

async function graphView() {
  const box = el('div', {id: 'graph'});
  show(el('h1', {}, 'Speakers ↔ cited documents'),
       el('p', {class: 'muted'}, 'The most frequent pairs; click a node to open its page.'), box);
  const g = await api('graph', {limit: 150});
  if (!window.cytoscape) { box.replaceChildren(el('p', {class: 'error'}, 'the graph library did not load')); return; }
  if (!g.edges.length) { box.replaceChildren(el('p', {class: 'muted'}, 'no speaker cites a linked document yet')); return; }
  const cy = window.cytoscape({
    container: box,
    elements: [
      ...g.nodes.map(n => ({data: {id: n.id, label: n.label, kind: n.kind, ref: n.ref}})),
      ...g.edges.map(e => ({data: {id: `e${e.speaker_id}-${e.cited_id}`, source: `s${e.speaker_id}`, target: `c${e.cited_id}`, w: e.statements}})),
    ],
    style: [
      {selector: 'node', style: {label: 'data(label)', 'font-size': 10, width: 14, height: 14}},
      {selector: 'node[kind = "speaker"]', style: {'background-color': '#1e88e5'}},
      {selector: 'node[kind = "cited"]', style: {'background-color': '#e53935', shape: 'round-rectangle'}},
      {selector: 'edge', style: {width: 'mapData(w, 1, 20, 1, 6)', 'line-color': '#b0bec5'}},
    ],
    layout: {name: 'cose', animate: false},
  });
  cy.on('tap', 'node', ev => {
    const n = ev.target.data();
    location.hash = n.kind === 'speaker' ? `#/speaker/${n.ref}` : `#/cited/${n.ref}`;
  });
}

async function route() {
  const [path, query] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query || '');
  const parts = (path || '/').split('/').filter(Boolean);
  try {
    if (parts.length === 0) await searchView(params);
    else if (parts[0] === 'speaker' && parts[1]) await speakerView(parts[1], params);
    else if (parts[0] === 'cited' && parts[1]) await citedView(parts[1]);
    else if (parts[0] === 'quote' && parts[1]) await quoteView(parts[1]);
    else if (parts[0] === 'document' && parts[1]) await documentView(parts[1]);
    else if (parts[0] === 'speakers') await speakersView(params);
    else if (parts[0] === 'cited') await citedListView(params);
    else if (parts[0] === 'quotes') await quotesView(params);
    else if (parts[0] === 'graph') await graphView();
    else show(el('p', {class: 'error'}, 'no such page'));
  } catch (e) {
    show(errorBox(e));
  }
  document.body.dataset.ready = location.hash;  // for the browser test
  window.scrollTo(0, 0);
}

window.addEventListener('hashchange', route);
api('stats').then(s => {
  document.getElementById('stats').textContent =
    `${s.documents} articles · ${s.statements} statements · ${s.speakers} speakers`;
}).catch(() => {});
route();
