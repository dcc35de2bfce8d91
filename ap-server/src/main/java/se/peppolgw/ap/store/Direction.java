package se.peppolgw.ap.store;

public enum Direction {
  IN,
  OUT
}
