// One learner: placement, completion with the statements that prove it, progress per topic.

import { h } from './dom.js';
import { t, name, num, pct, dateTime, date, duration } from './i18n.js';
import * as api from './api.js';
import { peopleHref, personHref } from './route.js';
import { breadcrumb, localityPath, localityName, groupName, table, badge } from './common.js';

export async function load(ctx) {
  return api.getJson(`programmes/${api.seg(ctx.programme.id)}/people/${api.seg(ctx.route.person)}`, {
    asOf: ctx.route.q.asOf,
  });
}

export function title(ctx, data) {
  return data.name || t('people.noName');
}

const STATUS_KIND = {
  'not-started': 'neutral',
  'in-progress': 'on-track',
  completed: 'met',
  passed: 'met',
  failed: 'late',
};

function sourceLabel(source) {
  const key = `source.${source}`;
  const text = t(key);
  return text === key ? source : text;
}

export function draw(ctx, data) {
  const { programme, route } = ctx;
  const tz = programme.timeZone;
  const placement = data.placement;
  const path = placement && placement.locality ? localityPath(programme, placement.locality) : [];
  const extra = [];
  if (placement && placement.locality) {
    extra.push({ label: t('people.link'), href: peopleHref(programme.id, placement.locality, { asOf: route.q.asOf }) });
  }
  extra.push({ label: title(ctx, data) });
  const historical = !!route.q.asOf;

  return [
    breadcrumb(programme, path, { asOf: route.q.asOf }, extra),
    h(
      'header',
      { class: 'page-head' },
      h('p', { class: 'eyebrow' }, name(programme.name)),
      h('h1', { tabindex: '-1' }, title(ctx, data)),
      h('p', {}, h('span', { class: 'muted' }, `${t('person.key')}: `), h('code', {}, data.person)),
    ),
    historical &&
      h(
        'div',
        { class: 'notice notice-historical', role: 'status' },
        h('p', {}, t('view.historical', { time: data.asOf ? dateTime(data.asOf, tz) : route.q.asOf })),
        h('a', { class: 'button button-secondary', href: personHref(programme.id, data.person) }, t('filter.live')),
      ),
    h(
      'div',
      { class: 'person-grid' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'placement-title' },
        h('h2', { id: 'placement-title' }, t('person.placement')),
        placement
          ? h(
              'dl',
              { class: 'pairs' },
              h('dt', {}, t('person.group')),
              h('dd', {}, placement.group ? groupName(programme, placement.group) : t('none')),
              h('dt', {}, t('person.locality')),
              h('dd', {}, placement.locality ? localityName(programme, placement.locality) : t('none')),
              h('dt', {}, t('person.source')),
              h('dd', {}, sourceLabel(placement.source)),
              h('dt', {}, t('person.effective')),
              h('dd', {}, placement.effective ? date(placement.effective) : t('none')),
            )
          : h('p', {}, t('person.noPlacement')),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'completion-title' },
        h('h2', { id: 'completion-title' }, t('person.completion')),
        data.completion && data.completion.met
          ? [
              h('p', {}, badge('met', t('person.met', { date: dateTime(data.completion.since, tz) }))),
              h('p', {}, t('person.proof')),
              h(
                'ul',
                { class: 'statement-ids' },
                (data.completion.statements || []).map((id) => h('li', {}, h('code', {}, id))),
              ),
            ]
          : h('p', {}, badge('neutral', t('person.notMet'))),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'topics-title' },
      h('h2', { id: 'topics-title' }, t('person.topics')),
      table(
        t('person.topicsCaption'),
        [
          { label: t('topic.name') },
          { label: t('topic.status') },
          { label: t('topic.bestScore'), numeric: true },
          { label: t('topic.attempts'), numeric: true },
          { label: t('topic.timeSpent'), numeric: true },
          { label: t('topic.first') },
          { label: t('topic.last') },
        ],
        data.topics.map((x) => [
          name(x.name),
          badge(STATUS_KIND[x.status] || 'neutral', t(`status.${x.status}`)),
          x.bestScore === null || x.bestScore === undefined ? t('none') : pct(x.bestScore),
          num(x.attempts),
          x.timeSpentSeconds ? duration(x.timeSpentSeconds) : t('none'),
          dateTime(x.firstActivity, tz),
          dateTime(x.lastActivity, tz),
        ]),
      ),
    ),
    data.placements && data.placements.length > 0 &&
      h(
        'section',
        { 'aria-labelledby': 'history-title' },
        h('h2', { id: 'history-title' }, t('person.history')),
        table(
          t('person.history'),
          [
            { label: t('person.effective') },
            { label: t('person.group') },
            { label: t('person.locality') },
            { label: t('person.source') },
            { label: t('person.stored') },
          ],
          data.placements.map((p) => [
            p.effective ? date(p.effective) : t('none'),
            p.group ? groupName(programme, p.group) : t('none'),
            p.locality ? localityName(programme, p.locality) : t('none'),
            sourceLabel(p.source),
            dateTime(p.stored, tz),
          ]),
        ),
      ),
  ];
}

