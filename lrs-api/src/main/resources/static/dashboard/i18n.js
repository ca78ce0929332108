// Vietnamese first, English second: every label of the dashboard, and number/date formatting with
// Intl for the chosen language. The choice is remembered in localStorage.

const STORE = 'hocba.dashboard.lang';
const LOCALES = { vi: 'vi-VN', en: 'en-GB' };

const TEXT = {
  vi: {
    'app.title': 'Bảng điều khiển tiến độ học tập',
    'app.tagline': 'Sổ học bạ điện tử Hocba',
    'skip': 'Bỏ qua, đến nội dung chính',
    'lang.other': 'English',
    'lang.otherLabel': 'Switch to English',
    'signout': 'Đăng xuất',
    'footer': 'Hocba – kho hồ sơ học tập theo chuẩn xAPI. Số liệu lấy trực tiếp từ các câu lệnh học tập đã lưu.',
    'signin.title': 'Đăng nhập',
    'signin.intro': 'Dùng khóa truy cập và mật khẩu đã được cấp cho bạn (có quyền xem bảng điều khiển).',
    'signin.key': 'Khóa truy cập',
    'signin.secret': 'Mật khẩu',
    'signin.submit': 'Đăng nhập',
    'signin.checking': 'Đang kiểm tra…',
    'signin.note': 'Thông tin đăng nhập chỉ được giữ trong thẻ trình duyệt này và bị xóa khi bạn đóng thẻ.',
    'signin.missing': 'Vui lòng nhập cả khóa truy cập và mật khẩu.',
    'error.401': 'Khóa truy cập hoặc mật khẩu không đúng.',
    'error.401.again': 'Thông tin đăng nhập không còn được chấp nhận. Vui lòng đăng nhập lại.',
    'error.403': 'Thông tin đăng nhập này không có quyền xem bảng điều khiển (cần quyền “dashboard”).',
    'error.404': 'Không tìm thấy nội dung được yêu cầu.',
    'error.400': 'Yêu cầu không hợp lệ.',
    'error.network': 'Không kết nối được với máy chủ. Vui lòng kiểm tra mạng rồi thử lại.',
    'error.server': 'Máy chủ gặp lỗi (mã {status}). Vui lòng thử lại sau.',
    'error.title': 'Không hiển thị được trang',
    'error.detail': 'Chi tiết từ máy chủ: {message}',
    'retry': 'Thử lại',
    'home': 'Về trang đầu',
    'loading': 'Đang tải…',
    'none': '—',
    'programmes.title': 'Chọn chương trình',
    'programmes.none': 'Chưa có chương trình nào được cấu hình trên máy chủ này.',
    'programmes.start': 'Bắt đầu ngày {date}',
    'programmes.groups': '{n} nhóm đối tượng, {topics} chủ đề',
    'breadcrumb': 'Vị trí của trang',
    'level.province': 'Cấp tỉnh',
    'level.district': 'Cấp huyện',
    'level.commune': 'Cấp xã',
    'filters': 'Bộ lọc',
    'filter.group': 'Nhóm đối tượng',
    'filter.group.all': 'Tất cả các nhóm',
    'filter.asOf': 'Số liệu tính đến hết ngày',
    'filter.asOf.hint': 'Để trống để xem số liệu hiện tại.',
    'filter.apply': 'Xem',
    'filter.live': 'Về số liệu hiện tại',
    'view.live': 'Số liệu trực tiếp, cập nhật lúc {time}.',
    'view.historical': 'Bạn đang xem số liệu lịch sử, tính đến {time}. Các câu lệnh gửi đến sau thời điểm này không được tính.',
    'view.catchingUp': 'Một số câu lệnh vừa nhận chưa được tính; tải lại sau ít giây để có số liệu đầy đủ.',
    'csv.dashboard': 'Tải bảng số liệu (CSV)',
    'csv.people': 'Tải danh sách (CSV)',
    'csv.failed': 'Không tải được tệp CSV.',
    'people.link': 'Danh sách người học',
    'targets.title': 'Mục tiêu theo nhóm đối tượng',
    'gauge.target': 'Mục tiêu {share}',
    'gauge.completed': '{completed} trên {population} người đã hoàn thành',
    'gauge.gap': 'Còn thiếu {gap} người',
    'gauge.noGap': 'Đã đủ số người của mục tiêu',
    'gauge.deadline': 'Hạn {date}',
    'gauge.alt': '{group}: đã hoàn thành {share}, mục tiêu {target}.',
    'gauge.pace': 'Tốc độ 4 tuần gần nhất: {n} người/tuần',
    'gauge.select': 'Xem riêng nhóm này',
    'gauge.selected': 'Đang xem nhóm này',
    'gauge.all': 'Xem tất cả các nhóm',
    'forecast.met': 'Đã đạt mục tiêu ngày {date}',
    'forecast.on-track': 'Đúng tiến độ: dự kiến đạt ngày {date}',
    'forecast.late': 'Chậm tiến độ: dự kiến đạt ngày {date}, sau hạn',
    'forecast.late.nodate': 'Chậm tiến độ: không đạt trước hạn',
    'forecast.no-progress': 'Không có người hoàn thành trong 4 tuần qua',
    'forecastShort.met': 'Đã đạt',
    'forecastShort.on-track': 'Đúng tiến độ',
    'forecastShort.late': 'Chậm tiến độ',
    'forecastShort.no-progress': 'Không tiến triển',
    'totals.title': 'Tổng hợp',
    'm.population': 'Dân số mục tiêu',
    'm.enrolled': 'Đã ghi danh',
    'm.active30': 'Hoạt động trong 30 ngày',
    'm.completed': 'Đã hoàn thành',
    'm.share': 'Tỷ lệ hoàn thành',
    'm.target': 'Mục tiêu',
    'm.targetPeople': 'Số người cần đạt',
    'm.gap': 'Còn thiếu',
    'm.forecast': 'Dự báo',
    'm.forecastDate': 'Ngày dự kiến',
    'unplaced': '{n} người có hoạt động học tập nhưng chưa được xếp nhóm hoặc đơn vị.',
    'trend.title': 'Xu hướng hoàn thành',
    'trend.cumulative': 'Tổng số người đã hoàn thành',
    'trend.weekly': 'Số người hoàn thành mỗi tuần',
    'trend.target': 'Mục tiêu: {n} người',
    'trend.deadlineOn': 'Hạn chót: {date}',
    'trend.projection': 'Dự báo theo tốc độ 4 tuần gần nhất',
    'trend.alt': '{group}: {cumulative} người đã hoàn thành qua {weeks} tuần; mục tiêu {target} người.',
    'trend.table': 'Xem số liệu theo tuần',
    'trend.week': 'Tuần',
    'trend.weekStart': 'Từ ngày',
    'trend.none': 'Chưa có số liệu theo tuần.',
    'children.title': 'Các đơn vị trực thuộc',
    'children.caption': '{n} đơn vị trực thuộc. Chọn tên đơn vị để xem chi tiết.',
    'children.captionGroup': '{n} đơn vị trực thuộc, nhóm “{group}”. Chọn tên đơn vị để xem chi tiết.',
    'children.locality': 'Đơn vị',
    'children.none': 'Đơn vị này không có đơn vị trực thuộc.',
    'people.title': 'Người học – {locality}',
    'people.filter.completed': 'Tình trạng hoàn thành',
    'people.filter.any': 'Tất cả',
    'people.filter.yes': 'Đã hoàn thành',
    'people.filter.no': 'Chưa hoàn thành',
    'people.caption': 'Danh sách người học, sắp xếp theo mã định danh.',
    'people.name': 'Họ tên',
    'people.key': 'Mã định danh',
    'people.group': 'Nhóm',
    'people.locality': 'Đơn vị',
    'people.completed': 'Hoàn thành',
    'people.topicsCompleted': 'Số chủ đề đã xong',
    'people.lastActivity': 'Hoạt động gần nhất',
    'people.more': 'Tải thêm',
    'people.count': 'Đang hiển thị {n} người.',
    'people.end': 'Đã hiển thị tất cả.',
    'people.none': 'Không có người học nào phù hợp với bộ lọc.',
    'people.noName': '(không có tên)',
    'people.completedOn': 'Có, ngày {date}',
    'people.notYet': 'Chưa',
    'person.key': 'Mã định danh',
    'person.placement': 'Nhóm và đơn vị hiện tại',
    'person.group': 'Nhóm đối tượng',
    'person.locality': 'Đơn vị',
    'person.source': 'Nguồn xếp nhóm',
    'person.effective': 'Hiệu lực từ ngày',
    'person.noPlacement': 'Người học này chưa được xếp vào nhóm hay đơn vị nào.',
    'person.completion': 'Yêu cầu hoàn thành',
    'person.met': 'Đã đạt yêu cầu hoàn thành của nhóm từ {date}.',
    'person.notMet': 'Chưa đạt yêu cầu hoàn thành của nhóm.',
    'person.proof': 'Các câu lệnh xAPI chứng minh việc hoàn thành (mã statement):',
    'person.topics': 'Tiến độ theo chủ đề',
    'person.topicsCaption': 'Tiến độ của người học ở từng chủ đề của chương trình.',
    'person.history': 'Lịch sử xếp nhóm',
    'person.stored': 'Ghi nhận lúc',
    'source.roster': 'Danh sách học viên',
    'source.statement': 'Thông tin trong câu lệnh xAPI',
    'topic.name': 'Chủ đề',
    'topic.status': 'Trạng thái',
    'topic.bestScore': 'Điểm cao nhất',
    'topic.attempts': 'Số lần học',
    'topic.timeSpent': 'Thời gian học',
    'topic.first': 'Lần đầu',
    'topic.last': 'Lần gần nhất',
    'status.not-started': 'Chưa bắt đầu',
    'status.in-progress': 'Đang học',
    'status.completed': 'Đã hoàn thành',
    'status.passed': 'Đạt',
    'status.failed': 'Chưa đạt',
  },
  en: {
    'app.title': 'Learning progress dashboard',
    'app.tagline': 'Hocba learning record store',
    'skip': 'Skip to main content',
    'lang.other': 'Tiếng Việt',
    'lang.otherLabel': 'Chuyển sang tiếng Việt',
    'signout': 'Sign out',
    'footer': 'Hocba – an xAPI learning record store. Figures come straight from the stored learning statements.',
    'signin.title': 'Sign in',
    'signin.intro': 'Use the key and secret you were given (with the dashboard scope).',
    'signin.key': 'Key',
    'signin.secret': 'Secret',
    'signin.submit': 'Sign in',
    'signin.checking': 'Checking…',
    'signin.note': 'Your credentials are kept only in this browser tab and are forgotten when you close it.',
    'signin.missing': 'Please enter both the key and the secret.',
    'error.401': 'The key or the secret is wrong.',
    'error.401.again': 'Your credentials are no longer accepted. Please sign in again.',
    'error.403': 'These credentials may not read the dashboards (the “dashboard” scope is needed).',
    'error.404': 'What you asked for was not found.',
    'error.400': 'The request was not valid.',
    'error.network': 'The server could not be reached. Check the network and try again.',
    'error.server': 'The server failed (status {status}). Please try again later.',
    'error.title': 'This page could not be shown',
    'error.detail': 'The server said: {message}',
    'retry': 'Try again',
    'home': 'Back to the start',
    'loading': 'Loading…',
    'none': '—',
    'programmes.title': 'Choose a programme',
    'programmes.none': 'No programme is configured on this server.',
    'programmes.start': 'Started on {date}',
    'programmes.groups': '{n} population groups, {topics} topics',
    'breadcrumb': 'You are here',
    'level.province': 'Province',
    'level.district': 'District',
    'level.commune': 'Commune',
    'filters': 'Filters',
    'filter.group': 'Population group',
    'filter.group.all': 'All groups',
    'filter.asOf': 'Figures as of the end of',
    'filter.asOf.hint': 'Leave empty for live figures.',
    'filter.apply': 'Show',
    'filter.live': 'Back to live figures',
    'view.live': 'Live figures, updated at {time}.',
    'view.historical': 'You are viewing historical figures, as of {time}. Statements sent after that moment are not counted.',
    'view.catchingUp': 'Some statements just received are not counted yet; reload in a few seconds for complete figures.',
    'csv.dashboard': 'Download the table (CSV)',
    'csv.people': 'Download the list (CSV)',
    'csv.failed': 'The CSV file could not be downloaded.',
    'people.link': 'List of learners',
    'targets.title': 'Targets by population group',
    'gauge.target': 'Target {share}',
    'gauge.completed': '{completed} of {population} people completed',
    'gauge.gap': '{gap} more people needed',
    'gauge.noGap': 'Enough people to meet the target',
    'gauge.deadline': 'Deadline {date}',
    'gauge.alt': '{group}: {share} completed, target {target}.',
    'gauge.pace': 'Pace over the last 4 weeks: {n} people a week',
    'gauge.select': 'Show this group only',
    'gauge.selected': 'Showing this group',
    'gauge.all': 'Show all groups',
    'forecast.met': 'Target met on {date}',
    'forecast.on-track': 'On track: expected by {date}',
    'forecast.late': 'Behind: expected by {date}, after the deadline',
    'forecast.late.nodate': 'Behind: not by the deadline',
    'forecast.no-progress': 'No completions in the last 4 weeks',
    'forecastShort.met': 'Met',
    'forecastShort.on-track': 'On track',
    'forecastShort.late': 'Behind',
    'forecastShort.no-progress': 'No progress',
    'totals.title': 'Summary',
    'm.population': 'Population',
    'm.enrolled': 'Enrolled',
    'm.active30': 'Active in 30 days',
    'm.completed': 'Completed',
    'm.share': 'Share completed',
    'm.target': 'Target',
    'm.targetPeople': 'People needed',
    'm.gap': 'Gap',
    'm.forecast': 'Forecast',
    'm.forecastDate': 'Expected date',
    'unplaced': '{n} people have learning activity but no group or locality.',
    'trend.title': 'Completion trend',
    'trend.cumulative': 'People completed so far',
    'trend.weekly': 'Completions per week',
    'trend.target': 'Target: {n} people',
    'trend.deadlineOn': 'Deadline: {date}',
    'trend.projection': 'Projection at the pace of the last 4 weeks',
    'trend.alt': '{group}: {cumulative} people completed over {weeks} weeks; target {target} people.',
    'trend.table': 'Show the weekly figures',
    'trend.week': 'Week',
    'trend.weekStart': 'Starting',
    'trend.none': 'No weekly figures yet.',
    'children.title': 'Localities within',
    'children.caption': '{n} localities one level down. Choose a name to see its details.',
    'children.captionGroup': '{n} localities one level down, group “{group}”. Choose a name to see its details.',
    'children.locality': 'Locality',
    'children.none': 'This locality has no localities within it.',
    'people.title': 'Learners – {locality}',
    'people.filter.completed': 'Completion',
    'people.filter.any': 'All',
    'people.filter.yes': 'Completed',
    'people.filter.no': 'Not completed',
    'people.caption': 'Learners, ordered by identifier.',
    'people.name': 'Name',
    'people.key': 'Identifier',
    'people.group': 'Group',
    'people.locality': 'Locality',
    'people.completed': 'Completed',
    'people.topicsCompleted': 'Topics done',
    'people.lastActivity': 'Last activity',
    'people.more': 'Load more',
    'people.count': 'Showing {n} people.',
    'people.end': 'That is everyone.',
    'people.none': 'No learner matches the filters.',
    'people.noName': '(no name)',
    'people.completedOn': 'Yes, on {date}',
    'people.notYet': 'Not yet',
    'person.key': 'Identifier',
    'person.placement': 'Current group and locality',
    'person.group': 'Population group',
    'person.locality': 'Locality',
    'person.source': 'Placed by',
    'person.effective': 'Effective from',
    'person.noPlacement': 'This learner is not placed in any group or locality.',
    'person.completion': 'Completion',
    'person.met': 'Meets the group’s completion rule since {date}.',
    'person.notMet': 'Does not meet the group’s completion rule yet.',
    'person.proof': 'The xAPI statements that prove it (statement ids):',
    'person.topics': 'Progress by topic',
    'person.topicsCaption': 'The learner’s progress in each topic of the programme.',
    'person.history': 'Placement history',
    'person.stored': 'Recorded at',
    'source.roster': 'Roster',
    'source.statement': 'xAPI statement extensions',
    'topic.name': 'Topic',
    'topic.status': 'Status',
    'topic.bestScore': 'Best score',
    'topic.attempts': 'Attempts',
    'topic.timeSpent': 'Time spent',
    'topic.first': 'First activity',
    'topic.last': 'Last activity',
    'status.not-started': 'Not started',
    'status.in-progress': 'In progress',
    'status.completed': 'Completed',
    'status.passed': 'Passed',
    'status.failed': 'Failed',
  },
};

let lang = (() => {
  try {
    const stored = localStorage.getItem(STORE);
    return stored in TEXT ? stored : 'vi';
  } catch (e) {
    return 'vi';
  }
})();

export function language() {
  return lang;
}

export function setLanguage(next) {
  lang = next in TEXT ? next : 'vi';
  try {
    localStorage.setItem(STORE, lang);
  } catch (e) {
    // private browsing without storage: the choice lasts for this page only
  }
  document.documentElement.lang = lang;
}

/** The label for key in the current language, with {name} placeholders filled. */
export function t(key, params = {}) {
  const text = TEXT[lang][key] ?? TEXT.vi[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** A {vi, en} name from the API in the current language. */
export function name(pair) {
  if (!pair) return '';
  if (typeof pair === 'string') return pair;
  return pair[lang] || pair.vi || pair.en || '';
}

function locale() {
  return LOCALES[lang];
}

export function num(n, digits = 0) {
  if (n === null || n === undefined) return t('none');
  return new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }).format(n);
}

export function pct(x) {
  if (x === null || x === undefined) return t('none');
  return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(x);
}

/** A calendar date (YYYY-MM-DD), which has no time zone. */
export function date(ymd, style = 'medium') {
  if (!ymd) return t('none');
  const [y, m, d] = ymd.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { dateStyle: style, timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** A short day-and-month label for chart axes. */
export function dayMonth(ymd) {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, d)),
  );
}

/** An instant, shown in the programme's time zone. */
export function dateTime(iso, timeZone) {
  if (!iso) return t('none');
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(
    new Date(iso),
  );
}

/** The calendar day of an instant in the programme's time zone. */
export function instantDate(iso, timeZone) {
  if (!iso) return t('none');
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone }).format(new Date(iso));
}

/** A time span given in seconds, e.g. "1 giờ 20 phút" / "1 hr, 20 min". */
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return t('none');
  const total = Math.round(seconds);
  const parts = { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60) };
  if (total < 60) parts.seconds = total;
  if (typeof Intl.DurationFormat === 'function') {
    return new Intl.DurationFormat(locale(), { style: 'short' }).format(parts);
  }
  const unit = (value, u) =>
    new Intl.NumberFormat(locale(), { style: 'unit', unit: u, unitDisplay: 'short' }).format(value);
  const out = [];
  if (parts.hours) out.push(unit(parts.hours, 'hour'));
  if (parts.minutes || !parts.hours) out.push(unit(parts.minutes, 'minute'));
  return total < 60 ? unit(total, 'second') : out.join(' ');
}
