package vn.hocba.lrs.xapi;

import java.util.UUID;

/** Statement texts for the HTTP tests. */
final class Statements {

  private Statements() {}

  static String id() {
    return UUID.randomUUID().toString();
  }

  static String mbox() {
    return "mailto:" + UUID.randomUUID() + "@example.org";
  }

  static String simple(String id, String mbox, String verb, String activity) {
    return """
        {%s"actor":{"objectType":"Agent","mbox":"%s"},
         "verb":{"id":"%s","display":{"en-US":"did","vi":"đã làm"}},
         "object":{"objectType":"Activity","id":"%s",
                   "definition":{"name":{"en-US":"Topic","vi":"Chủ đề"}}}}
        """
        .formatted(id == null ? "" : "\"id\":\"" + id + "\",", mbox, verb, activity);
  }

  static String completed(String id, String mbox, String activity) {
    return simple(id, mbox, "http://adlnet.gov/expapi/verbs/completed", activity);
  }

  static String voiding(String id, String mbox, String target) {
    return """
        {"id":"%s","actor":{"mbox":"%s"},
         "verb":{"id":"http://adlnet.gov/expapi/verbs/voided","display":{"en-US":"voided"}},
         "object":{"objectType":"StatementRef","id":"%s"}}
        """
        .formatted(id, mbox, target);
  }

  static String referring(String id, String mbox, String target) {
    return """
        {"id":"%s","actor":{"mbox":"%s"},
         "verb":{"id":"http://example.org/verbs/confirmed"},
         "object":{"objectType":"StatementRef","id":"%s"}}
        """
        .formatted(id, mbox, target);
  }
}
