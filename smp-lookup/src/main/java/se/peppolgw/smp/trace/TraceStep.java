package se.peppolgw.smp.trace;

/**
 * One step of a lookup.
 *
 * @param step       what was done: {@code CACHE}, {@code DNS_NAPTR}, {@code SMP_GET}, {@code BREAKER}, ...
 * @param detail     what was asked (DNS name, URL, ...)
 * @param outcome    what came back (NAPTR answer, "NXDOMAIN", error text, ...)
 * @param httpStatus the HTTP status of an SMP request, or null when there was none
 * @param micros     how long the step took, in microseconds
 */
public record TraceStep(String step, String detail, String outcome, Integer httpStatus, long micros) {

  String toJson() {
    JsonWriter json = new JsonWriter();
    json.beginObject()
        .field("step", step)
        .field("detail", detail)
        .field("outcome", outcome);
    if (httpStatus != null) {
      json.field("httpStatus", httpStatus.longValue());
    }
    json.field("micros", micros).endObject();
    return json.toString();
  }
}
