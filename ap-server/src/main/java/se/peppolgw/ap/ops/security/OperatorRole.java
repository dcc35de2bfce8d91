package se.peppolgw.ap.ops.security;

import java.util.Locale;
import se.peppolgw.ap.config.ConfigException;

/** What an operator may do; each role includes the ones before it. */
public enum OperatorRole {
  /** Reads the log, downloads documents. */
  VIEWER,
  /** Also answers orders, delivers, invoices and publishes the catalogue at the supplier's desk (/ops/desk). */
  CLERK,
  /** Also retries, cancels, resends and re-delivers. */
  OPERATOR,
  /** Also reads the audit trail. */
  ADMIN;

  public boolean includes(OperatorRole needed) {
    return compareTo(needed) >= 0;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static OperatorRole parse(String key, String v) {
    try {
      return valueOf(v.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key + " = '" + v + "': expected viewer, clerk, operator or admin");
    }
  }
}
