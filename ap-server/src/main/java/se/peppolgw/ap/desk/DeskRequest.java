package se.peppolgw.ap.desk;

/** What a clerk or a back office asks the desk to build for an order. */
public sealed interface DeskRequest
    permits OrderResponseRequest, DespatchRequest, InvoiceRequest, CreditNoteRequest {}
