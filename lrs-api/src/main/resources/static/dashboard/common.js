// Pieces shared by the views: breadcrumb, the "as of" notice and filter, CSV links, tables.

import { h } from './dom.js';
import { t, name, date, dateTime, instantDate } from './i18n.js';
import { overviewHref } from './route.js';
import * as api from './api.js';

/** A breadcrumb of localities (root first), then optional trailing {label, href} items. */
export function breadcrumb(programme, path, q, extra = []) {
  const items = path.map((p) => ({ label: name(p.name), href: overviewHref(programme.id, p.code, q) }));
  items.push(...extra);
  return h(
    'nav',
    { class: 'breadcrumb', 'aria-label': t('breadcrumb') },
    h(
      'ol',
      {},
      items.map((item, i) =>
        h(
          'li',
          {},
          i === items.length - 1
            ? h('span', { 'aria-current': 'page' }, item.label)
            : h('a', { href: item.href }, item.label),
        ),
      ),
    ),
  );
}

/** The localities from the root down to code, from the programme's hierarchy. */
export function localityPath(programme, code) {
  const byCode = new Map(programme.localities.map((l) => [l.code, l]));
  const path = [];
  const seen = new Set();
  for (let l = byCode.get(code); l && !seen.has(l.code); l = byCode.get(l.parent)) {
    seen.add(l.code);
    path.unshift({ code: l.code, name: l.name });
  }
  return path;
}

export function rootLocality(programme) {
  const root = programme.localities.find((l) => !l.parent);
  return root ? root.code : null;
}

export function localityName(programme, code) {
  const l = programme.localities.find((x) => x.code === code);
  return l ? name(l.name) : code;
}

export function groupName(programme, id) {
  const g = programme.groups.find((x) => x.id === id);
  return g ? name(g.name) : id;
}

/**
 * Says whether the figures are live or historical; historical views get a prominent notice with
 * a way back to live figures.
 */
export function asOfNotice(programme, data, liveHref) {
  // the projection may still be applying statements the log already holds (docs/dashboard-api.md)
  const behind =
    Number.isFinite(data.through) && Number.isFinite(data.head) && data.through < data.head
      ? h('p', {}, t('view.catchingUp'))
      : null;
  if (data.live) {
    return h(
      'div',
      { class: 'notice notice-live' },
      h('p', {}, t('view.live', { time: dateTime(data.asOf, programme.timeZone) })),
      behind,
    );
  }
  return h(
    'div',
    { class: 'notice notice-historical', role: 'status' },
    h('p', {}, t('view.historical', { time: dateTime(data.asOf, programme.timeZone) })),
    behind,
    h('a', { href: liveHref, class: 'button button-secondary' }, t('filter.live')),
  );
}

/** The day an asOf parameter names, for a date input (only plain dates are shown there). */
export function asOfDay(asOf) {
  return /^\d{4}-\d{2}-\d{2}$/.test(asOf || '') ? asOf : '';
}

/** Today in the programme's time zone, as YYYY-MM-DD. */
export function today(programme) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: programme.timeZone }).format(new Date());
}

/** A label and a control, stacked. */
export function field(id, label, control, hint) {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint && h('p', { class: 'hint', id: `${id}-hint` }, hint),
  );
}

export function groupSelect(id, programme, selected) {
  return h(
    'select',
    { id, name: 'group' },
    h('option', { value: '' }, t('filter.group.all')),
    programme.groups.map((g) => h('option', { value: g.id, selected: g.id === selected }, name(g.name))),
  );
}

export function asOfInput(id, programme, asOf) {
  return h('input', {
    id,
    name: 'asOf',
    type: 'date',
    value: asOfDay(asOf),
    min: programme.start,
    max: today(programme),
    'aria-describedby': `${id}-hint`,
  });
}

/**
 * A link to a CSV export. The href is the real API URL (usable with curl); a click fetches it with
 * the signed-in credentials and saves it, since a plain link cannot send the Authorization header.
 */
export function csvLink(label, path, params, filename, onError) {
  const link = h('a', { class: 'button button-secondary', href: api.apiUrl(path, params), download: filename }, label);
  link.addEventListener('click', async (event) => {
    event.preventDefault();
    link.setAttribute('aria-busy', 'true');
    try {
      const blob = await api.getBlob(path, params);
      const url = URL.createObjectURL(blob);
      const save = h('a', { href: url, download: filename, hidden: true });
      document.body.appendChild(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (e) {
      onError(e);
    } finally {
      link.removeAttribute('aria-busy');
    }
  });
  return link;
}

/** A file-name-safe piece. */
export function slug(text) {
  return String(text || '').replace(/[^A-Za-z0-9._-]+/g, '_');
}

/**
 * A table in a scrollable region (keyboard-focusable, named by its caption). columns: [{label,
 * numeric}], rows: arrays of cell content; the first cell is a row header. A "stack" table turns
 * into one block per row on a phone (app.css); explicit ARIA roles keep it a table for screen
 * readers whatever its display.
 */
export function table(caption, columns, rows, { stack = true, className } = {}) {
  const captionId = `cap-${Math.random().toString(36).slice(2, 9)}`;
  const body = h('tbody', { role: 'rowgroup' }, rows.map((r) => row(columns, r)));
  const element = h(
    'div',
    { class: 'table-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: '0' },
    h(
      'table',
      { role: 'table', class: [stack ? 'stack' : '', className || ''].join(' ').trim() || null },
      h('caption', { id: captionId }, caption),
      h(
        'thead',
        { role: 'rowgroup' },
        h(
          'tr',
          { role: 'row' },
          columns.map((c) => h('th', { scope: 'col', role: 'columnheader', class: c.numeric ? 'num' : null }, c.label)),
        ),
      ),
      body,
    ),
  );
  element.tbody = body;
  return element;
}

export function row(columns, cells) {
  return h(
    'tr',
    { role: 'row' },
    cells.map((cell, i) =>
      i === 0
        ? h('th', { scope: 'row', role: 'rowheader' }, cell)
        : h(
            'td',
            { role: 'cell', class: columns[i] && columns[i].numeric ? 'num' : null, 'data-label': columns[i] ? columns[i].label : null },
            cell,
          ),
    ),
  );
}

/** A coloured label whose text says the status (colour is never the only cue). */
export function badge(kind, text) {
  return h('span', { class: `badge badge-${kind}` }, text);
}

export function forecastText(f, dateText) {
  if (!f) return t('none');
  if (f.status === 'late' && !f.date) return t('forecast.late.nodate');
  return t(`forecast.${f.status}`, { date: dateText(f.date) });
}

export { date, instantDate };
