package vn.hocba.lrs.store;

import java.nio.file.Path;
import java.util.function.Function;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/** A store file's maps read directly, typed as the embedded store types them. */
final class StoreFiles {

  private StoreFiles() {}

  /** Opens the file, runs {@code read} on it and closes it again. */
  static <T> T inFile(Path file, Function<MVStore, T> read) {
    MVStore store = EmbeddedStore.open(file, 16);
    try {
      return read.apply(store);
    } finally {
      store.close();
    }
  }

  static MVMap<Object, Object> typed(MVStore store, String name) {
    return store.openMap(
        name,
        new MVMap.Builder<Object, Object>()
            .keyType(new StoreDataType())
            .valueType(new StoreDataType()));
  }
}
