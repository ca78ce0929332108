// Drives the Hocba web dashboard in headless Chromium (DashboardBrowserTest):
//   node dashboard.mjs <base URL> <key> <secret> <screenshot dir> <programme id> <district code>
// Signs in (after a wrong secret), chooses the programme when there are several, checks the
// province overview against the API and the accessibility tree, switches the
// language, filters by group, drills into the district, opens a learner, goes back, shows a
// historical day and downloads the CSV; then does the same on a 390 px phone. Screenshots are
// saved as PNG; the last line is "RESULT {json}" with the texts seen and the files written.
import { chromium } from 'playwright-core';
import { mkdtemp, rm, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [base, key, secret, shots, programmeId, districtCode] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
const seen = [];
const screenshots = [];
let checks = 0;

function check(condition, message) {
  checks++;
  if (!condition) throw new Error(`check failed: ${message}`);
}

async function api(path) {
  const auth = 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64');
  const response = await fetch(new URL(`/api/${path}`, base), { headers: { Authorization: auth } });
  if (!response.ok) throw new Error(`GET /api/${path}: ${response.status}`);
  return response.json();
}

async function text(page, selector) {
  const value = (await page.locator(selector).first().innerText({ timeout: 10_000 })).trim();
  seen.push(value);
  return value;
}

async function heading(page, expected) {
  await page.locator('main h1', { hasText: expected }).first().waitFor({ timeout: 10_000 });
  return text(page, 'main h1');
}

async function shot(page, name) {
  const path = join(shots, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  screenshots.push(path);
}

/** Every control, image and table region in Chromium's accessibility tree has a name. */
async function everythingNamed(page, view) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  await cdp.detach();
  const roles = new Set(['link', 'button', 'textbox', 'combobox', 'image', 'region', 'table', 'navigation', 'Date', 'spinbutton']);
  const unnamed = nodes
    .filter((n) => !n.ignored && n.role && roles.has(n.role.value))
    .filter((n) => !(n.name && String(n.name.value || '').trim()))
    .map((n) => n.role.value);
  check(unnamed.length === 0, `${view}: controls without an accessible name: ${unnamed.join(', ')}`);
  const landmarks = nodes.filter((n) => !n.ignored && n.role && ['banner', 'main', 'contentinfo'].includes(n.role.value));
  check(landmarks.length === 3, `${view}: banner, main and contentinfo landmarks`);
}

/** Console errors and CSP violations fail the run; failed responses (401 tried on purpose) do not. */
function watch(page, errors) {
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`);
  });
}

async function signIn(page, withWrongSecretFirst) {
  await page.goto(new URL('/dashboard', base).href);
  check((await page.evaluate(() => document.documentElement.lang)) === 'vi', 'Vietnamese by default');
  await heading(page, 'Đăng nhập');
  if (withWrongSecretFirst) {
    await page.getByLabel('Khóa truy cập', { exact: true }).fill(key);
    await page.getByLabel('Mật khẩu', { exact: true }).fill(`${secret}-wrong`);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const alert = await text(page, '#signin-error:not([hidden])');
    check(alert.includes('không đúng'), `a wrong secret says so: ${alert}`);
  }
  await page.getByLabel('Khóa truy cập', { exact: true }).fill(key);
  await page.getByLabel('Mật khẩu', { exact: true }).fill(secret);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

const profile = await mkdtemp(join(tmpdir(), 'hocba-chromium-'));
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    // a fresh profile for every run; Playwright's own temporary profile is used as well
    `--disk-cache-dir=${join(profile, 'cache')}`,
  ],
});
const errors = [];
try {
  const programmes = await api('programmes');
  const programme = programmes.find((p) => p.id === programmeId);
  check(programme, `programme ${programmeId} is served`);
  const root = await api(`programmes/${encodeURIComponent(programme.id)}/dashboard`);
  const district = root.children.find((c) => c.locality.code === districtCode);
  check(district, `district ${districtCode} is a child of the root`);

  // ---- desktop, Vietnamese
  const desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await desktop.newPage();
  watch(page, errors);
  await signIn(page, true);
  if (programmes.length > 1) {
    await heading(page, 'Chọn chương trình');
    check((await page.locator('.programmes li').count()) === programmes.length, 'one card per programme');
    await everythingNamed(page, 'programmes');
    await page.getByRole('link', { name: programme.name.vi }).click();
  }
  await heading(page, root.locality.name.vi);
  check(page.url().includes(`#/p/${programme.id}`), `the programme's overview: ${page.url()}`);
  await page.locator('.gauge-card').first().waitFor();
  check((await page.locator('.gauge-card').count()) === root.groups.length, 'one gauge per population group');
  check((await page.locator('svg.gauge[role=img] title').count()) === root.groups.length, 'gauges have text alternatives');
  await text(page, '#targets-title');
  await text(page, '.gauge-card h3');
  check(
    (await page.locator('#children-title ~ .table-scroll tbody tr').count()) === root.children.length,
    'one row per child locality',
  );
  check((await page.locator('svg.trend').count()) === root.groups.length, 'one trend chart per group');
  const totalCompleted = await text(page, '.stats .stat:nth-child(4) dd');
  check(
    totalCompleted === new Intl.NumberFormat('vi-VN').format(root.total.completed),
    `completed total ${totalCompleted} = API ${root.total.completed}`,
  );
  await text(page, '.notice-live');
  await everythingNamed(page, 'overview');
  await shot(page, 'overview-desktop-vi');

  // ---- English, remembered across a reload
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await heading(page, root.locality.name.en);
  check((await page.evaluate(() => document.documentElement.lang)) === 'en', 'lang attribute follows the switch');
  check((await text(page, '#targets-title')) === 'Targets by population group', 'labels are translated');
  await page.reload();
  await heading(page, root.locality.name.en);
  check((await text(page, '#targets-title')) === 'Targets by population group', 'English is remembered');
  await page.keyboard.press('Tab');
  check(
    await page.evaluate(() => document.activeElement && document.activeElement.classList.contains('skip')),
    'the first Tab reaches the skip link',
  );
  const before = page.url();
  await page.keyboard.press('Enter');
  check(
    (await page.evaluate(() => document.activeElement && document.activeElement.id)) === 'main' && page.url() === before,
    'the skip link moves focus to the content and keeps the route',
  );
  await shot(page, 'overview-desktop-en');

  // ---- filter by group, then drill into the district (the filter is kept)
  const group = root.groups[0];
  await page.getByLabel('Population group', { exact: true }).selectOption(group.group);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL(/group=/);
  await page.locator('.gauge-card.selected').waitFor();
  check((await page.locator('svg.trend').count()) === 1, 'one trend chart for the chosen group');
  check((await page.locator('th', { hasText: 'Forecast' }).count()) === 1, 'the group table shows forecasts');
  await page.getByRole('link', { name: district.locality.name.en, exact: true }).click();
  await heading(page, district.locality.name.en);
  check(page.url().includes(`/l/${districtCode}`) && page.url().includes(`group=${group.group}`), `drill-down URL: ${page.url()}`);
  await text(page, '.breadcrumb');
  check(
    (await page.locator('.breadcrumb a', { hasText: root.locality.name.en }).count()) === 1,
    'the breadcrumb leads back up',
  );
  await everythingNamed(page, 'district');
  await shot(page, 'district-desktop-en');

  // ---- CSV download with the signed-in credentials
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the table (CSV)' }).click(),
  ]);
  // a byte order mark may lead, for spreadsheet programs
  const csv = (await readFile(await download.path(), 'utf8')).replace(/^\uFEFF/, '');
  check(csv.startsWith('locality,locality_name_vi,'), `dashboard.csv has its header row: ${csv.slice(0, 40)}`);

  // ---- learners of the district, then one learner
  await page.getByRole('link', { name: 'List of learners' }).click();
  await heading(page, 'Learners');
  const firstPerson = page.locator('table.people tbody tr th a').first();
  await firstPerson.waitFor();
  const personName = (await firstPerson.innerText()).trim();
  seen.push(personName);
  await firstPerson.click();
  await heading(page, personName);
  await page.locator('#topics-title').waitFor();
  check(
    (await page.locator('#topics-title ~ .table-scroll tbody tr').count()) === programme.topics.length,
    'one row per topic',
  );
  await text(page, '#completion-title + *');
  await text(page, '#topics-title ~ .table-scroll tbody');
  await text(page, '#placement-title ~ dl');
  await everythingNamed(page, 'person');
  await shot(page, 'person-desktop-en');
  await page.goBack();
  await heading(page, 'Learners');
  await page.goForward();
  await heading(page, personName);

  // ---- a historical day: before anything was stored, so nothing is counted
  await page.goto(new URL(`/dashboard/#/p/${programme.id}`, base).href);
  await heading(page, root.locality.name.en);
  await page.getByLabel('Figures as of the end of', { exact: true }).fill(programme.start);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  const historical = await text(page, '.notice-historical');
  check(historical.includes('historical'), `the historical view says so: ${historical}`);
  check(page.url().includes(`asOf=${programme.start}`), 'asOf is in the link');
  await shot(page, 'overview-historical-en');
  await desktop.close();

  // ---- phone: 390 px wide, Vietnamese again (a new browser profile context)
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const small = await phone.newPage();
  watch(small, errors);
  await signIn(small, false);
  if (programmes.length > 1) await small.getByRole('link', { name: programme.name.vi }).click();
  await heading(small, root.locality.name.vi);
  await small.locator('svg.trend').first().waitFor();
  const overflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `no sideways scrolling of the page on a phone (${overflow}px)`);
  await shot(small, 'overview-phone-vi');
  // drill down with the keyboard alone
  await small.getByRole('link', { name: district.locality.name.vi, exact: true }).focus();
  await small.keyboard.press('Enter');
  await heading(small, district.locality.name.vi);
  await small.getByRole('link', { name: 'Danh sách người học' }).click();
  await heading(small, 'Người học');
  await small.locator('table.people tbody tr th a').first().click();
  await small.locator('#topics-title').waitFor();
  await text(small, 'main h1');
  await text(small, '#topics-title');
  const personOverflow = await small.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(personOverflow <= 0, `no sideways scrolling of the person page on a phone (${personOverflow}px)`);
  await shot(small, 'person-phone-vi');
  await phone.close();

  check(errors.length === 0, `no script error or CSP violation: ${errors.join('; ')}`);
  console.log(`${checks} checks passed`);
  console.log(`RESULT ${JSON.stringify({ seen, screenshots })}`);
} finally {
  await browser.close();
  await rm(profile, { recursive: true, force: true });
}
