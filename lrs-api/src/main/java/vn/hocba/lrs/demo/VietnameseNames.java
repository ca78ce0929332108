package vn.hocba.lrs.demo;

import java.text.Normalizer;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Plausible Vietnamese full names (family, middle, given) drawn with rough national frequencies of
 * family names, and the ASCII handles people make of them for e-mail addresses.
 */
final class VietnameseNames {

  private static final String[] FAMILY = {
    "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Võ", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ",
    "Ngô", "Dương", "Trương", "Lý", "Đinh", "Lương", "Đoàn", "Mai", "Tô", "Châu", "Lâm"
  };
  // per mille, summing to 1000; central provinces have many Huỳnh, Võ and Trương
  private static final int[] FAMILY_WEIGHT = {
    355, 110, 95, 70, 50, 30, 45, 45, 20, 25, 20, 15, 15, 13, 10, 20, 5, 10, 7, 10, 8, 6, 8, 8
  };
  private static final String[] MIDDLE_MALE = {
    "Văn", "Hữu", "Đức", "Minh", "Quốc", "Công", "Thanh", "Xuân", "Tấn", "Ngọc", "Quang", "Trọng"
  };
  private static final String[] MIDDLE_FEMALE = {
    "Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Bích", "Phương", "Diệu"
  };
  private static final String[] GIVEN_MALE = {
    "An", "Bảo", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Huy", "Khang", "Khoa",
    "Long", "Minh", "Nam", "Nhân", "Phong", "Phúc", "Quang", "Quân", "Sơn", "Tài", "Thắng", "Thành",
    "Tiến", "Toàn", "Trung", "Tuấn", "Việt", "Vinh", "Lộc", "Hưng"
  };
  private static final String[] GIVEN_FEMALE = {
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Linh", "Loan",
    "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Tâm", "Thảo", "Thu", "Thủy",
    "Trang", "Trinh", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến"
  };

  private VietnameseNames() {}

  static String next(SplittableRandom r) {
    boolean female = r.nextBoolean();
    String middle = pick(r, female ? MIDDLE_FEMALE : MIDDLE_MALE);
    String given = pick(r, female ? GIVEN_FEMALE : GIVEN_MALE);
    return family(r) + " " + middle + " " + given;
  }

  /** "Nguyễn Văn Hùng" → "hungnv": the given name, then the initials, without diacritics. */
  static String handle(String fullName) {
    String[] parts = ascii(fullName).split(" ");
    StringBuilder h = new StringBuilder(parts[parts.length - 1]);
    for (int i = 0; i < parts.length - 1; i++) {
      h.append(parts[i].charAt(0));
    }
    return h.toString();
  }

  static String ascii(String s) {
    String decomposed =
        Normalizer.normalize(s.replace('Đ', 'D').replace('đ', 'd'), Normalizer.Form.NFD);
    return decomposed.replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
  }

  private static String family(SplittableRandom r) {
    int x = r.nextInt(1000);
    for (int i = 0; i < FAMILY.length; i++) {
      x -= FAMILY_WEIGHT[i];
      if (x < 0) {
        return FAMILY[i];
      }
    }
    return FAMILY[0];
  }

  private static String pick(SplittableRandom r, String[] a) {
    return a[r.nextInt(a.length)];
  }
}
