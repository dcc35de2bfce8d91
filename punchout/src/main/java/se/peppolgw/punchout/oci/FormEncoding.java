package se.peppolgw.punchout.oci;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import se.peppolgw.punchout.transfer.FormField;

/** The form fields as one readable, exact log record: the action line, then name=value pairs (UTF-8). */
final class FormEncoding {
  private FormEncoding() {
  }

  static String encode(String action, List<FormField> fields) {
    StringBuilder sb = new StringBuilder(action.length() + fields.size() * 40);
    sb.append("POST ").append(action).append('\n');
    for (FormField f : fields) {
      sb.append(URLEncoder.encode(f.name(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(f.value(), StandardCharsets.UTF_8)).append('\n');
    }
    return sb.toString();
  }
}
