package se.peppolgw.ap.ops.security;

/** An authenticated operator: who, with which role, and how they came in (session or token). */
public record Operator(String name, OperatorRole role, boolean viaToken) {
  public boolean may(OperatorRole needed) {
    return role.includes(needed);
  }
}
