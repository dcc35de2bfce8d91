package se.peppolgw.ap.outbound;

/**
 * Where a document goes and what it is, as Peppol identifier values (schemes implied: {@code
 * iso6523-actorid-upis}, {@code busdox-docid-qns}, {@code cenbii-procid-ubl}).
 */
public record Routing(
    String senderId, String receiverId, String documentTypeId, String processId, String countryC1) {}
