package se.peppolgw.ap.desk;

import java.math.BigDecimal;

/** A quantity of one order line, as a request names it. */
public record LineQuantity(String lineId, BigDecimal quantity) {}
