// Hand-written SVG charts: the target gauge and the weekly trend. Colours come from CSS classes
// (app.css), never inline styles; every chart has a text alternative.

import { s } from './dom.js';

let ids = 0;
const uid = (prefix) => `${prefix}-${++ids}`;

/** The point at fraction f (0..1) of a half circle from the left end over the top to the right. */
function arcPoint(cx, cy, r, f) {
  const angle = Math.PI * (1 - f);
  return [cx + r * Math.cos(angle), cy - r * Math.sin(angle)];
}

function arc(cx, cy, r, from, to) {
  const [x0, y0] = arcPoint(cx, cy, r, from);
  const [x1, y1] = arcPoint(cx, cy, r, to);
  return `M ${x0.toFixed(2)} ${y0.toFixed(2)} A ${r} ${r} 0 0 1 ${x1.toFixed(2)} ${y1.toFixed(2)}`;
}

/**
 * A half-circle gauge of share (0..1) against target (0..1).
 * @param {{share:number, target:number, status:string, label:string, value:string}} g
 */
export function gauge(g) {
  const cx = 70;
  const cy = 72;
  const r = 56;
  const share = Math.max(0, Math.min(1, g.share || 0));
  const target = Math.max(0, Math.min(1, g.target || 0));
  const title = uid('gauge');
  const [tx0, ty0] = arcPoint(cx, cy, r - 13, target);
  const [tx1, ty1] = arcPoint(cx, cy, r + 13, target);
  return s(
    'svg',
    { class: 'gauge', viewBox: '0 0 140 84', role: 'img', 'aria-labelledby': title },
    s('title', { id: title }, g.label),
    s('path', { class: 'gauge-track', d: arc(cx, cy, r, 0, 1) }),
    share > 0.001 && s('path', { class: `gauge-value status-${g.status}`, d: arc(cx, cy, r, 0, share) }),
    s('line', {
      class: 'gauge-target',
      x1: tx0.toFixed(2),
      y1: ty0.toFixed(2),
      x2: tx1.toFixed(2),
      y2: ty1.toFixed(2),
    }),
    s('text', { class: 'gauge-text', x: cx, y: cy - 6, 'text-anchor': 'middle' }, g.value),
  );
}

/** A small horizontal bar of share (0..1) with the target marked, for table cells. */
export function shareBar(share, target) {
  const w = 80;
  const value = Math.max(0, Math.min(1, share || 0)) * w;
  return s(
    'svg',
    { class: 'sharebar', viewBox: `0 0 ${w} 10`, width: w, height: 10, 'aria-hidden': 'true', focusable: 'false' },
    s('rect', { class: 'sharebar-track', x: 0, y: 2, width: w, height: 6, rx: 3 }),
    s('rect', { class: 'sharebar-value', x: 0, y: 2, width: value.toFixed(1), height: 6, rx: 3 }),
    target !== undefined &&
      s('line', { class: 'sharebar-target', x1: target * w, x2: target * w, y1: 0, y2: 10 }),
  );
}

/** Round numbers for an axis from 0 to at least max. */
function niceMax(max) {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
    if (step * magnitude >= max) return step * magnitude;
  }
  return 10 * magnitude;
}

const DAY = 86_400_000;
const utc = (ymd) => Date.parse(`${ymd}T00:00:00Z`);
const ymdOf = (ms) => new Date(ms).toISOString().slice(0, 10);

/**
 * The week axis: the weeks reported, then empty weeks up to the deadline (at most a year more),
 * so that the pace can be read against the time left.
 */
export function weekAxis(weekly, deadline) {
  const axis = weekly.map((w) => w.start);
  if (!axis.length || !deadline) return axis;
  const limit = 52;
  let next = utc(axis[axis.length - 1]) + 7 * DAY;
  for (let added = 0; next <= utc(deadline) && added < limit; added++, next += 7 * DAY) {
    axis.push(ymdOf(next));
  }
  return axis;
}

/** Whether the deadline falls on the week axis (and so is drawn). */
export function deadlineShown(weekly, deadline) {
  const axis = weekAxis(weekly, deadline);
  return !!deadline && axis.length > 0 && utc(deadline) >= utc(axis[0]) && utc(deadline) < utc(axis[axis.length - 1]) + 7 * DAY;
}

/**
 * Weekly completions (bars, lower panel) and the cumulative count against the target (line and
 * dashed target, upper panel), sharing the week axis; the deadline as a dotted rule and, when the
 * forecast has a pace, that pace projected forward.
 * @param {object} c {width, weekly:[{week,start,completions,cumulative}], targetPeople, deadline,
 *     forecast, label, fmt:{num, dayMonth}, text:{cumulative, weekly, target}}
 */
export function trend(c) {
  const width = Math.max(300, Math.round(c.width));
  const small = width < 480;
  const m = { left: small ? 40 : 52, right: 12, top: 24, bottom: 26 };
  const upper = small ? 130 : 160;
  const gap = 34;
  const lower = small ? 60 : 72;
  const height = m.top + upper + gap + lower + m.bottom;
  const plot = width - m.left - m.right;
  const weeks = c.weekly;
  const axis = weekAxis(weeks, c.deadline);
  const n = Math.max(1, axis.length);
  const band = plot / n;
  const cumMax = niceMax(Math.max(c.targetPeople || 0, ...weeks.map((w) => w.cumulative)) * 1.04);
  const weekMax = niceMax(Math.max(1, ...weeks.map((w) => w.completions)));
  const yUp = (v) => m.top + upper - (Math.min(v, cumMax) / cumMax) * upper;
  const lowerTop = m.top + upper + gap;
  const yLow = (v) => lowerTop + lower - (v / weekMax) * lower;
  const xMid = (i) => m.left + band * (i + 0.5);
  const xDay = (ymd) => m.left + band * ((utc(ymd) - utc(axis[0])) / (7 * DAY));
  const title = uid('trend');
  const parts = [];

  // gridlines and axis labels of both panels
  for (const v of [0, cumMax / 2, cumMax]) {
    parts.push(s('line', { class: 'grid', x1: m.left, x2: width - m.right, y1: yUp(v), y2: yUp(v) }));
    parts.push(s('text', { class: 'axis', x: m.left - 6, y: yUp(v) + 4, 'text-anchor': 'end' }, c.fmt.num(v)));
  }
  for (const v of [0, weekMax]) {
    parts.push(s('line', { class: 'grid', x1: m.left, x2: width - m.right, y1: yLow(v), y2: yLow(v) }));
    parts.push(s('text', { class: 'axis', x: m.left - 6, y: yLow(v) + 4, 'text-anchor': 'end' }, c.fmt.num(v)));
  }
  parts.push(s('text', { class: 'panel-label', x: m.left, y: m.top - 10 }, c.text.cumulative));
  parts.push(s('text', { class: 'panel-label', x: m.left, y: lowerTop - 12 }, c.text.weekly));

  // week labels: about one per 90 pixels
  const every = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(plot / 90))));
  axis.forEach((start, i) => {
    if (i % every === 0) {
      parts.push(s('text', { class: 'axis', x: xMid(i), y: height - 8, 'text-anchor': 'middle' }, c.fmt.dayMonth(start)));
    }
  });

  // the deadline (end of its day), when it falls on the axis
  if (deadlineShown(weeks, c.deadline)) {
    const x = Math.min(width - m.right, xDay(c.deadline) + band / 7);
    parts.push(s('line', { class: 'deadline', x1: x, x2: x, y1: m.top, y2: lowerTop + lower }));
  }

  // weekly bars
  const barWidth = Math.max(1, band * 0.7);
  weeks.forEach((w, i) => {
    if (w.completions > 0) {
      parts.push(
        s('rect', {
          class: 'bar',
          x: (xMid(i) - barWidth / 2).toFixed(2),
          y: yLow(w.completions).toFixed(2),
          width: barWidth.toFixed(2),
          height: (lowerTop + lower - yLow(w.completions)).toFixed(2),
        }),
      );
    }
  });

  // target line, projection at the current pace, cumulative line
  if (c.targetPeople) {
    const y = yUp(c.targetPeople);
    parts.push(s('line', { class: 'target', x1: m.left, x2: width - m.right, y1: y, y2: y }));
    parts.push(s('text', { class: 'target-label', x: width - m.right - 2, y: y + 15, 'text-anchor': 'end' }, c.text.target));
  }
  const last = weeks.length - 1;
  const f = c.forecast;
  if (last >= 0 && f && f.perWeek > 0 && (f.status === 'on-track' || f.status === 'late') && axis.length > weeks.length) {
    const from = weeks[last].cumulative;
    const toWeeks = Math.min(n - 1 - last, Math.max(0, (c.targetPeople - from) / f.perWeek));
    parts.push(
      s('line', {
        class: 'projection',
        x1: xMid(last),
        y1: yUp(from),
        x2: xMid(last + toWeeks),
        y2: yUp(from + toWeeks * f.perWeek),
      }),
    );
  }
  if (weeks.length > 0) {
    const points = weeks.map((w, i) => `${xMid(i).toFixed(2)},${yUp(w.cumulative).toFixed(2)}`);
    if (weeks.length === 1) points.unshift(`${m.left},${yUp(weeks[0].cumulative).toFixed(2)}`);
    parts.push(s('polyline', { class: 'cumulative', points: points.join(' ') }));
    parts.push(s('circle', { class: 'cumulative-end', cx: xMid(last), cy: yUp(weeks[last].cumulative), r: 3.5 }));
  }

  return s(
    'svg',
    {
      class: 'trend',
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: 'img',
      'aria-labelledby': title,
    },
    s('title', { id: title }, c.label),
    parts,
  );
}
