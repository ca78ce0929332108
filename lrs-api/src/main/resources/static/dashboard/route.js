// Hash routes, so that every view has a shareable link and back/forward work:
//   #/                                   programme choice (or the only programme)
//   #/p/{programme}[/l/{locality}]       overview, ?group=&asOf=
//   #/p/{programme}/l/{locality}/people  learners, ?group=&completed=&asOf=
//   #/p/{programme}/person/{key}         one learner, ?asOf=

/** The route named by a location hash. */
export function parse(hash) {
  const raw = (hash || '').replace(/^#/, '');
  const at = raw.indexOf('?');
  const path = at < 0 ? raw : raw.slice(0, at);
  const q = Object.fromEntries(new URLSearchParams(at < 0 ? '' : raw.slice(at + 1)));
  let segs;
  try {
    segs = path.split('/').filter(Boolean).map(decodeURIComponent);
  } catch (e) {
    return { name: 'notfound', q };
  }
  if (segs.length === 0) return { name: 'home', q };
  if (segs[0] === 'p' && segs.length >= 2) {
    const programme = segs[1];
    if (segs.length === 2) return { name: 'overview', programme, locality: null, q };
    if (segs[2] === 'l' && segs.length === 4) return { name: 'overview', programme, locality: segs[3], q };
    if (segs[2] === 'l' && segs.length === 5 && segs[4] === 'people') {
      return { name: 'people', programme, locality: segs[3], q };
    }
    if (segs[2] === 'person' && segs.length === 4) return { name: 'person', programme, person: segs[3], q };
  }
  return { name: 'notfound', q };
}

function query(q) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(q || {})) {
    if (value !== undefined && value !== null && value !== '') params.set(name, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const e = encodeURIComponent;

export function homeHref() {
  return '#/';
}

export function overviewHref(programme, locality, q) {
  return `#/p/${e(programme)}${locality ? `/l/${e(locality)}` : ''}${query(q)}`;
}

export function peopleHref(programme, locality, q) {
  return `#/p/${e(programme)}/l/${e(locality)}/people${query(q)}`;
}

export function personHref(programme, person, q) {
  return `#/p/${e(programme)}/person/${e(person)}${query(q)}`;
}
