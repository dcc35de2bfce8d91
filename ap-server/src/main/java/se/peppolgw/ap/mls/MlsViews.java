package se.peppolgw.ap.mls;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import se.peppolgw.ap.api.Json;
import se.peppolgw.ap.store.MlsAnswer;

/** The JSON shape of a received MLS in the APIs (docs/openapi.yaml, schema MlsAnswer). */
public final class MlsViews {
  private MlsViews() {}

  public static Map<String, Object> answer(MlsAnswer a) {
    Map<String, Object> m = new LinkedHashMap<>();
    MlsResponseCode code = MlsResponseCode.of(a.responseCode()).orElse(null);
    m.put("code", a.responseCode());
    m.put("meaning", code == null ? "Not a readable Message Level Status" : code.words());
    m.put("rejected", code != null && code.isRejection());
    m.put("receivedAt", a.receivedAt());
    m.put("mlsId", a.mlsId());
    m.put("from", a.senderServiceProvider());
    m.put("description", a.description());
    m.put("reasons", reasons(a.reasonsJson()));
    m.put("referencedInstanceIdentifier", a.referencedInstanceId());
    m.put("answers", a.answersTransmissionId());
    m.put("mlsTransmission", a.mlsTransmissionId());
    if (a.problem() != null) {
      m.put("problem", a.problem());
    }
    return m;
  }

  private static Object reasons(String json) {
    if (json == null) {
      return java.util.List.of();
    }
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      return json;
    }
  }
}
