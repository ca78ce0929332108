package vn.hocba.lrs.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IdFilterTest {

  private static List<String> ids(Random random, int n) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new UUID(random.nextLong(), random.nextLong()).toString());
    }
    return out;
  }

  @Test
  @DisplayName("an id added is always a maybe; new ids are a maybe about once in a hundred at most")
  void noFalseNoAndFewFalseMaybes() {
    Random random = new Random(5);
    IdFilter filter = new IdFilter(100_000);
    List<String> added = ids(random, 200_000); // as many again as it was made for: full
    added.forEach(filter::add);
    assertThat(added).allMatch(filter::mightContain);
    assertThat(filter.full()).isFalse();
    long maybes = ids(random, 100_000).stream().filter(filter::mightContain).count();
    assertThat(maybes).isLessThan(1_000);
  }

  @Test
  @DisplayName("a filter says it is full past one id per ten bits, and a small one stays small")
  void fullPastItsCapacity() {
    IdFilter small = new IdFilter(0);
    List<String> added = ids(new Random(9), IdFilter.MIN_BITS / 10 + 1);
    for (int i = 0; i < added.size() - 1; i++) {
      small.add(added.get(i));
    }
    assertThat(small.full()).isFalse();
    small.add(added.get(added.size() - 1));
    assertThat(small.full()).isTrue();
    assertThat(small.added()).isEqualTo(added.size());
  }
}
