// The search page: reads its state from the URL, asks /search, draws the results.
// Snippets arrive HTML-escaped with only <mark> tags added; every other value is set as text.
const form = document.getElementById('search');
const fields = ['q', 'from', 'to', 'interval', 'sort'];
const PAGE_SIZE = 10;

function stateFromUrl() {
  const params = new URLSearchParams(location.search);
  return { ...Object.fromEntries(fields.map((name) => [name, params.get(name) ?? ''])), offset: Number(params.get('offset') ?? 0) };
}

function go(state, push = true) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(state)) if (value !== '' && value !== 0) params.set(name, String(value));
  if (push) history.pushState(null, '', `?${params}`);
  render(state);
}

async function render(state) {
  for (const name of fields) if (state[name]) form.elements[name].value = state[name];
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  for (const name of fields) if (state[name]) params.set(name, state[name]);
  if (state.offset) params.set('offset', String(state.offset));
  const response = await fetch(`/search?${params}`);
  const body = await response.json();
  const status = document.getElementById('status');
  if (!response.ok) {
    status.textContent = body.error.message;
    return;
  }
  status.textContent = `${body.total} article${body.total === 1 ? '' : 's'} (${body.tookMs} ms)`;
  drawHistogram(body.facets.date, state);
  drawHits(body.hits);
  drawPages(body, state);
}

function drawHistogram(histogram, state) {
  const figure = document.getElementById('histogram');
  figure.replaceChildren();
  const max = Math.max(1, ...histogram.buckets.map((bucket) => bucket.count));
  for (const bucket of histogram.buckets) {
    const bar = document.createElement('button');
    bar.className = 'bar';
    bar.style.height = `${(100 * bucket.count) / max}%`;
    bar.title = `${bucket.key}: ${bucket.count}`;
    bar.setAttribute('aria-label', `${bucket.key}: ${bucket.count} articles; show only these`);
    bar.addEventListener('click', () => {
      const lastDay = new Date(Date.parse(bucket.to) - 1).toISOString().slice(0, 10);
      go({ ...state, from: bucket.from.slice(0, 10), to: lastDay, offset: 0 });
    });
    figure.append(bar);
  }
}

function drawHits(hits) {
  const list = document.getElementById('hits');
  list.replaceChildren();
  for (const hit of hits) {
    const item = document.createElement('li');
    const title = document.createElement('a');
    title.href = `/articles/${encodeURIComponent(hit.id)}`;
    title.textContent = hit.title || '(untitled)';
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = [hit.date?.slice(0, 10) ?? 'undated', hit.author].filter(Boolean).join(' · ');
    const snippet = document.createElement('p');
    snippet.innerHTML = hit.snippet;
    item.append(title, meta, snippet);
    list.append(item);
  }
}

function drawPages(body, state) {
  const nav = document.getElementById('pages');
  nav.replaceChildren();
  const add = (label, offset) => {
    const button = document.createElement('button');
    button.textContent = label;
    button.addEventListener('click', () => go({ ...state, offset }));
    nav.append(button);
  };
  if (body.offset > 0) add('← Previous', Math.max(0, body.offset - PAGE_SIZE));
  if (body.offset + body.hits.length < body.total) add('Next →', body.offset + PAGE_SIZE);
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const data = new FormData(form);
  go({ ...Object.fromEntries(fields.map((name) => [name, String(data.get(name) ?? '')])), offset: 0 });
});
window.addEventListener('popstate', () => render(stateFromUrl()));
render(stateFromUrl());
document.getElementById('q').focus();
