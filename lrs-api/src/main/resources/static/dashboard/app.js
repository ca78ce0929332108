// The dashboard shell: sign-in, language switch, hash routing and the render loop. Views export
// load(ctx) (fetch), draw(ctx, data) (DOM) and title(ctx, data); switching the language redraws
// the current view from the data already loaded.

import { h, replace } from './dom.js';
import { t, name, date, language, setLanguage } from './i18n.js';
import * as api from './api.js';
import { parse, overviewHref } from './route.js';
import * as overview from './view-overview.js';
import * as people from './view-people.js';
import * as person from './view-person.js';

const main = document.getElementById('main');
const langButton = document.getElementById('lang');
const signOutButton = document.getElementById('signout');
const VIEWS = { overview, people, person };

let programmes = null; // loaded once per sign-in
let generation = 0; // a newer render makes older pending loads stale
let current = null; // {draw: () => nodes, title: () => string}
let cleanups = [];

function chrome() {
  document.documentElement.lang = language();
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  langButton.textContent = t('lang.other');
  langButton.setAttribute('lang', language() === 'vi' ? 'en' : 'vi');
  langButton.setAttribute('aria-label', t('lang.otherLabel'));
  signOutButton.hidden = !api.signedIn();
}

function cleanup() {
  for (const fn of cleanups) fn();
  cleanups = [];
}

/** Puts a view's nodes in main, titles the page and, on navigation, moves focus to the heading. */
function show(nodes, pageTitle, focus) {
  cleanup();
  replace(main, nodes);
  main.removeAttribute('aria-busy');
  document.title = pageTitle ? `${pageTitle} · ${t('app.title')}` : t('app.title');
  for (const fn of pendingSized.splice(0)) fn();
  if (focus) {
    const heading = main.querySelector('h1');
    if (heading) heading.focus({ preventScroll: false });
  }
}

// charts are drawn once their container has a width, and again when it changes noticeably
const pendingSized = [];
function sized(element, paint) {
  pendingSized.push(() => {
    let width = element.clientWidth;
    paint(width);
    const observer = new ResizeObserver(() => {
      const next = element.clientWidth;
      if (Math.abs(next - width) > 24) {
        width = next;
        paint(width);
      }
    });
    observer.observe(element);
    cleanups.push(() => observer.disconnect());
  });
}

function go(href) {
  if (location.hash === href) render({ focus: true });
  else location.hash = href;
}

function errorText(e) {
  switch (e.status) {
    case 0:
      return t('error.network');
    case 400:
      return t('error.400');
    case 401:
      return t('error.401');
    case 403:
      return t('error.403');
    case 404:
      return t('error.404');
    default:
      return t('error.server', { status: e.status });
  }
}

/** A failure while a view is shown (CSV download, more rows): an alert above the content. */
function failed(e) {
  if (e.status === 401) return expired();
  const existing = main.querySelector('.inline-error');
  const alert = h('div', { class: 'notice notice-error inline-error', role: 'alert' }, h('p', {}, errorText(e)));
  if (existing) existing.replaceWith(alert);
  else main.prepend(alert);
}

function errorView(e) {
  current = null;
  const nodes = [
    h('h1', { tabindex: '-1' }, t('error.title')),
    h('div', { class: 'notice notice-error', role: 'alert' }, h('p', {}, errorText(e)), e.message && e.status !== 0 ? h('p', { class: 'muted' }, t('error.detail', { message: e.message })) : null),
    h(
      'p',
      { class: 'actions' },
      h('button', { type: 'button', onclick: () => render({ focus: true }) }, t('retry')),
      h('a', { class: 'button button-secondary', href: '#/' }, t('home')),
    ),
  ];
  show(nodes, t('error.title'), true);
}

function expired() {
  api.signOut();
  programmes = null;
  signInView(t('error.401.again'));
}

function signInView(message) {
  current = { redraw: () => signInView(message) };
  chrome();
  const error = h('div', { id: 'signin-error', class: 'notice notice-error', role: 'alert', hidden: !message }, message ? h('p', {}, message) : null);
  const key = h('input', { id: 'key', name: 'key', autocomplete: 'username', required: true, spellcheck: 'false', autocapitalize: 'off' });
  const secret = h('input', { id: 'secret', name: 'secret', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit' }, t('signin.submit'));
  const form = h(
    'form',
    { class: 'card signin', novalidate: true },
    h('h1', { tabindex: '-1' }, t('signin.title')),
    h('p', {}, t('signin.intro')),
    error,
    h('div', { class: 'field' }, h('label', { for: 'key' }, t('signin.key')), key),
    h('div', { class: 'field' }, h('label', { for: 'secret' }, t('signin.secret')), secret),
    h('p', { class: 'muted' }, t('signin.note')),
    submit,
  );
  const fail = (text) => {
    replace(error, h('p', {}, text));
    error.hidden = false;
    submit.disabled = false;
    submit.textContent = t('signin.submit');
  };
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!key.value.trim() || !secret.value) {
      fail(t('signin.missing'));
      (key.value.trim() ? secret : key).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('signin.checking');
    api.signIn(key.value.trim(), secret.value);
    try {
      programmes = await api.getJson('programmes');
    } catch (e) {
      api.signOut();
      fail(errorText(e));
      secret.focus();
      return;
    }
    render({ focus: true });
  });
  show([form], t('signin.title'), false);
  (message ? secret : key).focus();
}

function programmesView() {
  const list = programmes.length
    ? h(
        'ul',
        { class: 'programmes' },
        programmes.map((p) =>
          h(
            'li',
            { class: 'card' },
            h('h2', {}, h('a', { href: overviewHref(p.id) }, name(p.name))),
            h('p', {}, t('programmes.start', { date: date(p.start) })),
            h('p', { class: 'muted' }, t('programmes.groups', { n: p.groups.length, topics: p.topics.length })),
          ),
        ),
      )
    : h('p', {}, t('programmes.none'));
  return [h('h1', { tabindex: '-1' }, t('programmes.title')), list];
}

async function render({ focus = false } = {}) {
  const gen = ++generation;
  chrome();
  if (!api.signedIn()) {
    signInView();
    return;
  }
  const route = parse(location.hash);
  main.setAttribute('aria-busy', 'true');
  const slow = setTimeout(() => {
    if (gen === generation) replace(main, h('p', { class: 'loading', role: 'status' }, t('loading')));
  }, 300);
  try {
    if (!programmes) programmes = await api.getJson('programmes');
    if (gen !== generation) return;
    if (route.name === 'home') {
      if (programmes.length === 1) {
        location.replace(overviewHref(programmes[0].id));
        return;
      }
      current = { redraw: (f) => show(programmesView(), t('programmes.title'), f) };
      current.redraw(focus);
      return;
    }
    const programme = route.programme && programmes.find((p) => p.id === route.programme);
    if (route.name === 'notfound' || !programme) throw new api.ApiError(404, '');
    const view = VIEWS[route.name];
    const ctx = { route, programme, go, failed, sized };
    const data = await view.load(ctx);
    if (gen !== generation) return;
    current = { redraw: (f) => show(view.draw(ctx, data), view.title(ctx, data), f) };
    current.redraw(focus);
  } catch (e) {
    if (gen !== generation) return;
    if (!(e instanceof api.ApiError)) {
      console.error(e);
      e.status = e.status || 500;
    }
    if (e.status === 401) expired();
    else errorView(e);
  } finally {
    clearTimeout(slow);
  }
}

langButton.addEventListener('click', () => {
  setLanguage(language() === 'vi' ? 'en' : 'vi');
  chrome();
  if (current) current.redraw(false);
  else render();
});

signOutButton.addEventListener('click', () => {
  api.signOut();
  programmes = null;
  generation++;
  location.hash = '#/';
  signInView();
});

// the skip link must not change the hash, which is the route
document.querySelector('.skip').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});

window.addEventListener('hashchange', () => render({ focus: true }));
setLanguage(language());
render();
