package vn.hocba.lrs.bench;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * A deterministic stream of realistic xAPI statements: learners of one course move through
 * registered, launched, progressed, completed, passed and scored, each attempt under its own
 * registration. The same seed gives the same statements (ids included) in the same order.
 */
final class StatementGenerator {

  static final String COURSE = "https://hocba.example.vn/xapi/courses/toan-10";
  private static final String VERBS = "http://adlnet.gov/expapi/verbs/";
  private static final String PROGRESS_EXT =
      "https://w3id.org/xapi/cmi5/result/extensions/progress";
  private static final String[] FAMILY = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"
  };
  private static final String[] MIDDLE = {"Văn", "Thị", "Minh", "Ngọc", "Quốc", "Thanh", "Gia"};
  private static final String[] GIVEN = {
    "An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Khoa", "Lan", "Linh", "Long",
    "Mai", "Nam", "Nga", "Phúc", "Quân", "Sơn", "Tâm", "Thảo", "Trang", "Tuấn", "Vy", "Yến"
  };
  private static final String[] LESSONS = {
    "Mệnh đề và tập hợp",
    "Bất phương trình bậc nhất",
    "Hệ thức lượng trong tam giác",
    "Vectơ",
    "Hàm số bậc hai",
    "Thống kê",
    "Xác suất",
    "Phương trình đường thẳng",
    "Đường tròn",
    "Ôn tập học kỳ"
  };

  private final SplittableRandom random;
  private final Learner[] learners;
  private long clock = Instant.parse("2025-09-08T01:00:00Z").toEpochMilli();

  /** One learner's place in the course. */
  private static final class Learner {
    final String mbox;
    final String name;
    UUID registration;
    int lesson;
    int stage; // 0 registered, 1 launched, 2.. progressed, then completed, passed/scored
    int progress;
    boolean attemptOver;

    Learner(String mbox, String name) {
      this.mbox = mbox;
      this.name = name;
    }
  }

  StatementGenerator(long seed, int learnerCount) {
    this.random = new SplittableRandom(seed);
    this.learners = new Learner[learnerCount];
    for (int i = 0; i < learnerCount; i++) {
      String name =
          FAMILY[random.nextInt(FAMILY.length)]
              + " "
              + MIDDLE[random.nextInt(MIDDLE.length)]
              + " "
              + GIVEN[random.nextInt(GIVEN.length)];
      learners[i] = new Learner("mailto:hs%05d@thpt-demo.edu.vn".formatted(i + 1), name);
    }
  }

  /** The next {@code n} statements, each a JSON object text. */
  List<String> next(int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(next());
    }
    return out;
  }

  String next() {
    Learner l = learners[random.nextInt(learners.length)];
    clock += 1 + random.nextInt(4000); // a few statements per second across the school
    String id = uuid().toString();
    String timestamp = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(clock));
    if (l.registration == null || l.attemptOver) {
      l.attemptOver = false;
      l.registration = uuid();
      l.lesson = 0;
      l.stage = 0;
    }
    String lessonId = COURSE + "/lessons/" + (l.lesson + 1);
    String lessonName = LESSONS[l.lesson % LESSONS.length];
    StringBuilder s = new StringBuilder(1400);
    s.append("{\"id\":\"")
        .append(id)
        .append("\",\"actor\":{\"objectType\":\"Agent\",\"name\":\"")
        .append(l.name)
        .append("\",\"mbox\":\"")
        .append(l.mbox)
        .append("\"},");
    String verb;
    String result = null;
    boolean courseObject = false;
    if (l.stage == 0) {
      verb = "registered";
      courseObject = true;
      l.stage = 1;
    } else if (l.stage == 1) {
      verb = "launched";
      l.progress = 0;
      l.stage = 2;
    } else if (l.stage == 2) {
      verb = "progressed";
      l.progress = Math.min(100, l.progress + 15 + random.nextInt(30));
      result =
          "{\"completion\":false,\"duration\":\""
              + duration(60, 900)
              + "\",\"extensions\":{\""
              + PROGRESS_EXT
              + "\":"
              + l.progress
              + "}}";
      if (l.progress >= 100) {
        l.stage = 3;
      }
    } else if (l.stage == 3) {
      verb = "completed";
      result = "{\"completion\":true,\"duration\":\"" + duration(600, 3600) + "\"}";
      l.stage = 4;
    } else {
      int raw = 3 + random.nextInt(8); // out of 10
      boolean passed = raw >= 5;
      verb = passed && random.nextInt(3) > 0 ? "passed" : "scored";
      result =
          "{\"score\":{\"scaled\":"
              + (raw / 10.0)
              + ",\"raw\":"
              + raw
              + ",\"min\":0,\"max\":10},"
              + "\"success\":"
              + passed
              + ",\"completion\":true,\"duration\":\""
              + duration(300, 2700)
              + "\"}";
      // next lesson, or a new attempt (registration) at the course after the last one
      l.lesson++;
      l.stage = 1;
      l.attemptOver = l.lesson >= LESSONS.length;
    }
    s.append("\"verb\":{\"id\":\"")
        .append(VERBS)
        .append(verb)
        .append("\",\"display\":{\"en-US\":\"")
        .append(verb)
        .append("\"}},");
    if (courseObject) {
      s.append("\"object\":{\"objectType\":\"Activity\",\"id\":\"")
          .append(COURSE)
          .append(
              "\",\"definition\":{\"name\":{\"vi-VN\":\"Toán 10\",\"en-US\":\"Mathematics 10\"},")
          .append("\"type\":\"http://adlnet.gov/expapi/activities/course\"}},");
    } else {
      s.append("\"object\":{\"objectType\":\"Activity\",\"id\":\"")
          .append(lessonId)
          .append("\",\"definition\":{\"name\":{\"vi-VN\":\"")
          .append(lessonName)
          .append("\"},\"type\":\"http://adlnet.gov/expapi/activities/lesson\"}},");
    }
    if (result != null) {
      s.append("\"result\":").append(result).append(',');
    }
    s.append("\"context\":{\"registration\":\"").append(l.registration).append("\",");
    if (!courseObject) {
      s.append("\"contextActivities\":{\"parent\":[{\"objectType\":\"Activity\",\"id\":\"")
          .append(COURSE)
          .append("\"}]},");
    }
    s.append("\"platform\":\"Hocba bench\",\"language\":\"vi-VN\"},");
    s.append("\"timestamp\":\"").append(timestamp).append("\"}");
    return s.toString();
  }

  private String duration(int minSeconds, int maxSeconds) {
    int t = minSeconds + random.nextInt(maxSeconds - minSeconds);
    return "PT" + (t / 60) + "M" + (t % 60) + "S";
  }

  private UUID uuid() {
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L; // version 4
    long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(msb, lsb);
  }
}
