// The learners of a locality (and below), optionally of one group and completion state, paged
// with the API's "more" cursor.

import { h } from './dom.js';
import { t, name, num, dateTime, instantDate } from './i18n.js';
import * as api from './api.js';
import { overviewHref, peopleHref, personHref } from './route.js';
import {
  breadcrumb,
  localityPath,
  localityName,
  groupName,
  field,
  groupSelect,
  asOfInput,
  csvLink,
  slug,
  table,
  row,
  badge,
  asOfDay,
  date,
} from './common.js';

const PAGE = 50;

function params(ctx, after) {
  const { route } = ctx;
  return {
    locality: route.locality,
    group: route.q.group,
    completed: route.q.completed,
    asOf: route.q.asOf,
    limit: PAGE,
    after,
  };
}

export async function load(ctx) {
  const page = await api.getJson(`programmes/${api.seg(ctx.programme.id)}/people`, params(ctx));
  return { people: page.people, more: page.more };
}

export function title(ctx) {
  return t('people.title', { locality: localityName(ctx.programme, ctx.route.locality) });
}

const COLUMNS = () => [
  { label: t('people.name') },
  { label: t('people.key') },
  { label: t('people.group') },
  { label: t('people.locality') },
  { label: t('people.completed') },
  { label: t('people.topicsCompleted'), numeric: true },
  { label: t('people.lastActivity') },
];

function cells(ctx, p) {
  const { programme, route } = ctx;
  return [
    h('a', { href: personHref(programme.id, p.person, { asOf: route.q.asOf }) }, p.name || t('people.noName')),
    h('code', { class: 'key' }, p.person),
    p.group ? groupName(programme, p.group) : t('none'),
    p.locality ? localityName(programme, p.locality) : t('none'),
    p.completed
      ? badge('met', t('people.completedOn', { date: instantDate(p.completedAt, programme.timeZone) }))
      : badge('neutral', t('people.notYet')),
    num(p.topicsCompleted),
    dateTime(p.lastActivity, programme.timeZone),
  ];
}

export function draw(ctx, data) {
  const { programme, route } = ctx;
  const q = route.q;
  const path = localityPath(programme, route.locality);
  const heading = title(ctx);
  const status = h('p', { class: 'muted', role: 'status' });
  const count = () =>
    status.replaceChildren(`${t('people.count', { n: num(data.people.length) })}${data.more ? '' : ` ${t('people.end')}`}`);

  const tableEl = table(t('people.caption'), COLUMNS(), data.people.map((p) => cells(ctx, p)), { className: 'people' });
  const more = h('button', { type: 'button', class: 'button-secondary', hidden: !data.more }, t('people.more'));
  more.addEventListener('click', async () => {
    more.disabled = true;
    more.setAttribute('aria-busy', 'true');
    try {
      const page = await api.getJson(`programmes/${api.seg(programme.id)}/people`, params(ctx, data.more));
      const added = page.people.map((p) => row(COLUMNS(), cells(ctx, p)));
      tableEl.tbody.append(...added);
      data.people.push(...page.people);
      data.more = page.more;
      more.hidden = !data.more;
      count();
      const first = added[0] && added[0].querySelector('a');
      if (first) first.focus();
    } catch (e) {
      ctx.failed(e);
    } finally {
      more.disabled = false;
      more.removeAttribute('aria-busy');
    }
  });
  count();

  const form = h(
    'form',
    { class: 'filters', 'aria-label': t('filters') },
    field('p-group', t('filter.group'), groupSelect('p-group', programme, q.group)),
    field(
      'p-completed',
      t('people.filter.completed'),
      h(
        'select',
        { id: 'p-completed', name: 'completed' },
        h('option', { value: '' }, t('people.filter.any')),
        h('option', { value: 'true', selected: q.completed === 'true' }, t('people.filter.yes')),
        h('option', { value: 'false', selected: q.completed === 'false' }, t('people.filter.no')),
      ),
    ),
    field('p-asof', t('filter.asOf'), asOfInput('p-asof', programme, q.asOf), t('filter.asOf.hint')),
    h('div', { class: 'field field-submit' }, h('button', { type: 'submit' }, t('filter.apply'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const f = new FormData(form);
    ctx.go(peopleHref(programme.id, route.locality, { group: f.get('group'), completed: f.get('completed'), asOf: f.get('asOf') }));
  });

  return [
    breadcrumb(programme, path, { group: q.group, asOf: q.asOf }, [{ label: t('people.link') }]),
    h(
      'header',
      { class: 'page-head' },
      h('p', { class: 'eyebrow' }, name(programme.name)),
      h('h1', { tabindex: '-1' }, heading),
    ),
    q.asOf &&
      h(
        'div',
        { class: 'notice notice-historical', role: 'status' },
        h('p', {}, t('view.historical', { time: asOfDay(q.asOf) ? date(q.asOf) : dateTime(q.asOf, programme.timeZone) })),
        h('a', { class: 'button button-secondary', href: peopleHref(programme.id, route.locality, { group: q.group, completed: q.completed }) }, t('filter.live')),
      ),
    form,
    h(
      'div',
      { class: 'actions' },
      h('a', { class: 'button button-secondary', href: overviewHref(programme.id, route.locality, { group: q.group, asOf: q.asOf }) }, name(path.length ? path[path.length - 1].name : '')),
      csvLink(
        t('csv.people'),
        `programmes/${api.seg(programme.id)}/people.csv`,
        { locality: route.locality, group: q.group, completed: q.completed, asOf: q.asOf },
        `people-${slug(programme.id)}-${slug(route.locality)}${q.group ? `-${slug(q.group)}` : ''}${q.asOf ? `-${slug(q.asOf)}` : ''}.csv`,
        ctx.failed,
      ),
    ),
    data.people.length ? tableEl : h('p', {}, t('people.none')),
    status,
    more,
  ];
}
