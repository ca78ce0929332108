// Province (or any locality) overview: the four target gauges, totals, trend charts and the
// localities one level down; filter by group and "as of" date.

import { h } from './dom.js';
import { t, name, num, pct, date, dayMonth } from './i18n.js';
import * as api from './api.js';
import { gauge, shareBar, trend, deadlineShown } from './charts.js';
import { overviewHref, peopleHref } from './route.js';
import {
  breadcrumb,
  asOfNotice,
  field,
  groupSelect,
  asOfInput,
  csvLink,
  slug,
  table,
  badge,
  forecastText,
} from './common.js';

export async function load(ctx) {
  const { route } = ctx;
  return api.getJson(`programmes/${api.seg(ctx.programme.id)}/dashboard`, {
    locality: route.locality,
    asOf: route.q.asOf,
  });
}

export function title(ctx, data) {
  return name(data.locality.name);
}

export function draw(ctx, data) {
  const { programme, route } = ctx;
  const q = route.q;
  const locality = data.locality;
  const selected = data.groups.find((g) => g.group === q.group) || null;
  const keep = { group: selected ? selected.group : '', asOf: q.asOf };
  const groupLabel = (id) => {
    const g = data.groups.find((x) => x.group === id);
    return g ? name(g.name) : id;
  };

  return [
    breadcrumb(programme, locality.path, keep),
    h(
      'header',
      { class: 'page-head' },
      h('p', { class: 'eyebrow' }, `${name(programme.name)} · ${t(`level.${locality.level}`)}`),
      h('h1', { tabindex: '-1' }, name(locality.name)),
    ),
    asOfNotice(programme, data, overviewHref(programme.id, route.locality, { group: keep.group })),
    filters(ctx, selected),
    h(
      'div',
      { class: 'actions' },
      h(
        'a',
        { class: 'button', href: peopleHref(programme.id, locality.code, { group: keep.group, asOf: q.asOf }) },
        t('people.link'),
      ),
      csvLink(
        t('csv.dashboard'),
        `programmes/${api.seg(programme.id)}/dashboard.csv`,
        { locality: locality.code, asOf: q.asOf },
        `dashboard-${slug(programme.id)}-${slug(locality.code)}${q.asOf ? `-${slug(q.asOf)}` : ''}.csv`,
        ctx.failed,
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'targets-title' },
      h('h2', { id: 'targets-title' }, t('targets.title')),
      h('ul', { class: 'gauges' }, data.groups.map((g) => gaugeCard(ctx, g, selected, locality))),
    ),
    totals(data, selected),
    h(
      'section',
      { 'aria-labelledby': 'trend-title' },
      h('h2', { id: 'trend-title' }, t('trend.title')),
      h(
        'div',
        { class: selected ? 'trends trends-one' : 'trends' },
        (selected ? [selected] : data.groups).map((g) => trendFigure(ctx, g)),
      ),
    ),
    children(ctx, data, selected, keep, groupLabel),
  ];
}

function filters(ctx, selected) {
  const { programme, route } = ctx;
  const form = h(
    'form',
    { class: 'filters', 'aria-label': t('filters') },
    field('f-group', t('filter.group'), groupSelect('f-group', programme, selected ? selected.group : '')),
    field('f-asof', t('filter.asOf'), asOfInput('f-asof', programme, route.q.asOf), t('filter.asOf.hint')),
    h('div', { class: 'field field-submit' }, h('button', { type: 'submit' }, t('filter.apply'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    ctx.go(overviewHref(programme.id, route.locality, { group: data.get('group'), asOf: data.get('asOf') }));
  });
  return form;
}

function gaugeCard(ctx, g, selected, locality) {
  const { programme, route } = ctx;
  const status = g.forecast ? g.forecast.status : 'no-progress';
  const isSelected = selected && selected.group === g.group;
  const toggle = isSelected
    ? overviewHref(programme.id, route.locality, { asOf: route.q.asOf })
    : overviewHref(programme.id, route.locality, { group: g.group, asOf: route.q.asOf });
  return h(
    'li',
    { class: `card gauge-card${isSelected ? ' selected' : ''}` },
    h('h3', {}, name(g.name)),
    gauge({
      share: g.share,
      target: g.target,
      status,
      value: pct(g.share),
      label: t('gauge.alt', { group: name(g.name), share: pct(g.share), target: pct(g.target) }),
    }),
    h('p', { class: 'gauge-target-text' }, t('gauge.target', { share: pct(g.target) }), ' · ', t('gauge.deadline', { date: date(g.deadline) })),
    h('p', {}, t('gauge.completed', { completed: num(g.completed), population: num(g.population) })),
    h('p', { class: 'gap' }, g.gap > 0 ? t('gauge.gap', { gap: num(g.gap) }) : t('gauge.noGap')),
    h('p', {}, badge(status, forecastText(g.forecast, (d) => date(d)))),
    g.forecast && g.forecast.perWeek !== null && g.forecast.perWeek !== undefined
      ? h('p', { class: 'muted' }, t('gauge.pace', { n: num(g.forecast.perWeek, 1) }))
      : null,
    h(
      'a',
      { href: toggle, class: 'card-link', 'aria-current': isSelected ? 'true' : null },
      isSelected ? t('gauge.all') : t('gauge.select'),
    ),
  );
}

function stat(label, value) {
  return h('div', { class: 'stat' }, h('dt', {}, label), h('dd', {}, value));
}

function totals(data, selected) {
  const x = selected || data.total;
  return h(
    'section',
    { 'aria-labelledby': 'totals-title' },
    h('h2', { id: 'totals-title' }, selected ? `${t('totals.title')} – ${name(selected.name)}` : t('totals.title')),
    h(
      'dl',
      { class: 'stats' },
      stat(t('m.population'), num(x.population)),
      stat(t('m.enrolled'), num(x.enrolled)),
      stat(t('m.active30'), num(x.active30)),
      stat(t('m.completed'), num(x.completed)),
      stat(t('m.share'), pct(x.share)),
      selected && stat(t('m.targetPeople'), num(selected.targetPeople)),
      selected && stat(t('m.gap'), num(selected.gap)),
    ),
    // learners without a locality belong to no unit but the root
    data.unplaced > 0 && data.locality.path.length === 1 && h('p', { class: 'muted' }, t('unplaced', { n: num(data.unplaced) })),
  );
}

function projects(g) {
  return g.forecast && g.forecast.perWeek > 0 && (g.forecast.status === 'on-track' || g.forecast.status === 'late');
}

function trendFigure(ctx, g) {
  const weekly = g.weekly || [];
  const last = weekly.length ? weekly[weekly.length - 1].cumulative : g.completed;
  const label = t('trend.alt', {
    group: name(g.name),
    cumulative: num(last),
    weeks: num(weekly.length),
    target: num(g.targetPeople),
  });
  const chart = h('div', { class: 'chart' });
  const figure = h(
    'figure',
    { class: 'card trend-card' },
    h('figcaption', {}, h('h3', {}, name(g.name))),
    weekly.length ? chart : h('p', {}, t('trend.none')),
    weekly.length > 0 &&
      h(
        'ul',
        { class: 'legend' },
        h('li', {}, h('span', { class: 'swatch swatch-cumulative', 'aria-hidden': 'true' }), t('trend.cumulative')),
        h('li', {}, h('span', { class: 'swatch swatch-target', 'aria-hidden': 'true' }), t('trend.target', { n: num(g.targetPeople) })),
        h('li', {}, h('span', { class: 'swatch swatch-bar', 'aria-hidden': 'true' }), t('trend.weekly')),
        projects(g) && h('li', {}, h('span', { class: 'swatch swatch-projection', 'aria-hidden': 'true' }), t('trend.projection')),
        deadlineShown(weekly, g.deadline) &&
          h('li', {}, h('span', { class: 'swatch swatch-deadline', 'aria-hidden': 'true' }), t('trend.deadlineOn', { date: date(g.deadline) })),
      ),
    weekly.length > 0 &&
      h(
        'details',
        {},
        h('summary', {}, t('trend.table')),
        table(
          `${t('trend.title')} – ${name(g.name)}`,
          [
            { label: t('trend.week') },
            { label: t('trend.weekStart') },
            { label: t('trend.weekly'), numeric: true },
            { label: t('trend.cumulative'), numeric: true },
          ],
          weekly.map((w) => [w.week, date(w.start), num(w.completions), num(w.cumulative)]),
          { stack: false },
        ),
      ),
  );
  if (weekly.length) {
    const paint = (width) =>
      chart.replaceChildren(
        trend({
          width,
          weekly,
          targetPeople: g.targetPeople,
          deadline: g.deadline,
          forecast: g.forecast,
          label,
          fmt: { num: (v) => num(v), dayMonth },
          text: {
            cumulative: t('trend.cumulative'),
            weekly: t('trend.weekly'),
            target: t('trend.target', { n: num(g.targetPeople) }),
          },
        }),
      );
    ctx.sized(chart, paint);
  }
  return figure;
}

function children(ctx, data, selected, keep, groupLabel) {
  const { programme } = ctx;
  const section = h('section', { 'aria-labelledby': 'children-title' }, h('h2', { id: 'children-title' }, t('children.title')));
  if (!data.children.length) {
    section.append(h('p', {}, t('children.none')));
    return section;
  }
  const link = (c) => h('a', { href: overviewHref(programme.id, c.locality.code, keep) }, name(c.locality.name));
  let columns;
  let rows;
  if (selected) {
    columns = [
      { label: t('children.locality') },
      { label: t('m.population'), numeric: true },
      { label: t('m.enrolled'), numeric: true },
      { label: t('m.active30'), numeric: true },
      { label: t('m.completed'), numeric: true },
      { label: t('m.share'), numeric: true },
      { label: t('m.targetPeople'), numeric: true },
      { label: t('m.gap'), numeric: true },
      { label: t('m.forecast') },
    ];
    rows = data.children.map((c) => {
      const g = c.groups.find((x) => x.group === selected.group) || {};
      const status = g.forecast ? g.forecast.status : null;
      return [
        link(c),
        num(g.population),
        num(g.enrolled),
        num(g.active30),
        num(g.completed),
        h('span', { class: 'share' }, shareBar(g.share, g.target), h('span', { class: 'share-value' }, pct(g.share))),
        num(g.targetPeople),
        num(g.gap),
        status
          ? [badge(status, t(`forecastShort.${status}`)), g.forecast.date ? h('span', { class: 'muted nowrap' }, ` ${date(g.forecast.date)}`) : null]
          : t('none'),
      ];
    });
  } else {
    columns = [
      { label: t('children.locality') },
      { label: t('m.population'), numeric: true },
      { label: t('m.enrolled'), numeric: true },
      { label: t('m.active30'), numeric: true },
      { label: t('m.completed'), numeric: true },
      { label: t('m.share'), numeric: true },
    ];
    rows = data.children.map((c) => [
      link(c),
      num(c.total.population),
      num(c.total.enrolled),
      num(c.total.active30),
      num(c.total.completed),
      h('span', { class: 'share' }, shareBar(c.total.share), h('span', { class: 'share-value' }, pct(c.total.share))),
    ]);
  }
  const caption = selected
    ? t('children.captionGroup', { n: num(data.children.length), group: groupLabel(selected.group) })
    : t('children.caption', { n: num(data.children.length) });
  const tableEl = table(caption, columns, rows, { className: 'clickable' });
  // the whole row opens the locality for pointer users; the name link is the keyboard path
  tableEl.tbody.addEventListener('click', (event) => {
    const tr = event.target.closest('tr');
    if (!tr || event.target.closest('a')) return;
    const a = tr.querySelector('a');
    if (a) ctx.go(a.getAttribute('href'));
  });
  section.append(tableEl);
  return section;
}
