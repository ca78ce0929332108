package vn.hocba.lrs.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IdTableTest {

  @Test
  @DisplayName("puts, removes and look-ups agree with a map, through growth and removed slots")
  void agreesWithAMap() {
    Random random = new Random(3);
    IdTable table = new IdTable();
    Map<String, Long> model = new HashMap<>();
    for (int step = 0; step < 200_000; step++) {
      // few distinct ids, so that ids are removed and put again many times
      String id = id(random);
      if (random.nextInt(3) == 0) {
        Long was = model.remove(id);
        assertThat(table.remove(id)).isEqualTo(was == null ? -1 : was);
      } else if (!model.containsKey(id)) {
        long position = random.nextInt(1 << 20);
        model.put(id, position);
        table.put(id, position);
      }
      String probe = id(random);
      Long expected = model.get(probe);
      assertThat(table.contains(probe)).isEqualTo(expected != null);
      assertThat(table.position(probe)).isEqualTo(expected == null ? -1 : expected);
    }
    assertThat(table.size()).isEqualTo(model.size());
    Map<String, Long> seen = new HashMap<>();
    table.forEach((id, position) -> assertThat(seen.put(id, position)).isNull());
    assertThat(seen).isEqualTo(model);
  }

  /**
   * One of 5,000 ids, in groups of four with one hash code ("Aa" and "BB" hash alike), so that
   * probing meets equal hashes of different ids.
   */
  private static String id(Random random) {
    String[] sameHash = {"AaAa", "AaBB", "BBAa", "BBBB"};
    String id = "id-" + random.nextInt(1_250) + sameHash[random.nextInt(4)];
    return id;
  }
}
