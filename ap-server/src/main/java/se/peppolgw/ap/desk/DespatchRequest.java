package se.peppolgw.ap.desk;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * One delivery of (part of) an order.
 *
 * @param despatchId the despatch advice's number, or null to let the desk number it
 * @param deliveryDate when the goods arrive (required)
 * @param deliveryTime at what time, or null
 * @param packages how many packages (transport handling units), or null
 * @param grossWeightKg gross weight in kilograms, or null
 * @param grossVolumeM3 gross volume in cubic metres, or null
 * @param trackingId the carrier's tracking id (consignment id), or null
 * @param lines per order line the quantity delivered now
 */
public record DespatchRequest(
    String despatchId,
    LocalDate deliveryDate,
    LocalTime deliveryTime,
    Integer packages,
    BigDecimal grossWeightKg,
    BigDecimal grossVolumeM3,
    String trackingId,
    List<LineQuantity> lines)
    implements DeskRequest {
  public DespatchRequest {
    lines = lines == null ? List.of() : List.copyOf(lines);
  }
}
