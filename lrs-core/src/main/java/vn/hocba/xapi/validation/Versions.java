package vn.hocba.xapi.validation;

import java.util.regex.Pattern;
import vn.hocba.xapi.model.XapiVersion;

/**
 * Data 2.4.10: the Statement "version" property. Under 1.0.3 it must be "1.0" or "1.0.x"
 * (2.4.10.s3.b2 rejects anything not starting with "1.0."; the conformance suite accepts "1.0");
 * under 2.0 "2.0"/"2.0.x" is accepted as well.
 */
final class Versions {

  private static final Pattern V1 = Pattern.compile("^1\\.0(?:\\.\\d+)?$");
  private static final Pattern V2 = Pattern.compile("^2\\.0(?:\\.\\d+)?$");

  private Versions() {}

  static boolean isAccepted(String text, XapiVersion version) {
    if (text == null) {
      return false;
    }
    if (V1.matcher(text).matches()) {
      return true;
    }
    return version == XapiVersion.V2_0_0 && V2.matcher(text).matches();
  }
}
