package vn.hocba.xapi.model;

import java.util.Optional;

/** The xAPI versions this LRS speaks (Communication 3.3). */
public enum XapiVersion {
  V1_0_3("1.0.3"),
  V2_0_0("2.0.0");

  private final String header;

  XapiVersion(String header) {
    this.header = header;
  }

  /** The value of the X-Experience-API-Version header and of the About resource. */
  public String header() {
    return header;
  }

  /**
   * Maps a request's X-Experience-API-Version header to the version whose rules apply. Any 1.0.x
   * patch level is served by the 1.0.3 rules (Communication 3.3: an LRS MUST accept requests of any
   * 1.0.x version); 2.0 and 2.0.x by the 2.0.0 rules.
   */
  public static Optional<XapiVersion> fromHeader(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim();
    if (v.matches("1\\.0(\\.\\d+)?")) {
      return Optional.of(V1_0_3);
    }
    if (v.matches("2\\.0(\\.\\d+)?")) {
      return Optional.of(V2_0_0);
    }
    return Optional.empty();
  }
}
