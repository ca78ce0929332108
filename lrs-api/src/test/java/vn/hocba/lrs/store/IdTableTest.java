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
    Map<String, long[]> model = new HashMap<>();
    for (int step = 0; step < 200_000; step++) {
      // few distinct ids, so that ids are removed and put again many times
      String id = "id-" + random.nextInt(5_000);
      if (random.nextInt(3) == 0) {
        long[] was = model.remove(id);
        assertThat(table.remove(id)).isEqualTo(was == null ? -1 : was[1]);
      } else if (!model.containsKey(id)) {
        long[] entry = {random.nextInt(1 << 20), step};
        model.put(id, entry);
        table.put(id, entry[0], entry[1]);
      }
      String probe = "id-" + random.nextInt(5_000);
      long[] expected = model.get(probe);
      assertThat(table.contains(probe)).isEqualTo(expected != null);
      assertThat(table.position(probe)).isEqualTo(expected == null ? -1 : expected[0]);
      assertThat(table.seq(probe)).isEqualTo(expected == null ? -1 : expected[1]);
    }
    assertThat(table.size()).isEqualTo(model.size());
    Map<String, Long> seen = new HashMap<>();
    table.forEach((id, position) -> assertThat(seen.put(id, position)).isNull());
    assertThat(seen).hasSameSizeAs(model);
    model.forEach((id, entry) -> assertThat(seen).containsEntry(id, entry[0]));
  }
}
