package se.peppolgw.ap.validation;

import com.helger.diagnostics.error.IError;
import com.helger.diver.api.coord.DVRCoordinate;
import com.helger.phase4.peppol.Phase4PeppolValidation;
import com.helger.phive.api.execute.ValidationExecutionManager;
import com.helger.phive.api.executorset.IValidationExecutorSet;
import com.helger.phive.api.executorset.IValidationExecutorSetRegistry;
import com.helger.phive.api.result.ValidationResult;
import com.helger.phive.api.result.ValidationResultList;
import com.helger.phive.api.validity.IValidityDeterminator;
import com.helger.phive.rules.api.PhiveRulesHelper;
import com.helger.phive.xml.source.IValidationSourceXML;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.xml.parsers.ParserConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;
import se.peppolgw.ap.sbd.SafeXml;

/**
 * Peppol BIS 3 validation with phive-rules-peppol: picks the rule set by the document's root
 * element and CustomizationID, in the release in force on the day by {@link PeppolRuleCalendar}
 * (as far as the bundled phive-rules-peppol carries it, see {@link RuleSetFreshness}), and runs
 * XSD plus Schematron. Thread-safe; the first validation in a JVM compiles the XSLTs (seconds), so
 * {@link #warmUp()} runs one at start.
 */
public final class PeppolBisValidator {
  private static final Logger LOG = LoggerFactory.getLogger(PeppolBisValidator.class);
  private static final String GROUP = "eu.peppol.bis3";
  static final String BILLING =
      "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
  private static final String SELF_BILLING =
      "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:selfbilling:3.0";
  private static final String POACC = "urn:fdc:peppol.eu:poacc:trns:";
  /** Peppol MLS 1.0 (a UBL ApplicationResponse); its rule set is not part of the BIS releases. */
  private static final String MLS = "urn:peppol:edec:mls:1.0";
  private static final DVRCoordinate MLS_RULES =
      PhiveRulesHelper.createCoordinate("org.peppol", "mls", "1.0.0");

  /** (root element + CustomizationID) → phive artefact id of the Peppol BIS 3 rule set. */
  private static final Map<String, String> ARTEFACTS =
      Map.ofEntries(
          Map.entry(key("Invoice", BILLING), "invoice"),
          Map.entry(key("CreditNote", BILLING), "creditnote"),
          Map.entry(key("Invoice", SELF_BILLING), "invoice-self-billing"),
          Map.entry(key("CreditNote", SELF_BILLING), "creditnote-self-billing"),
          Map.entry(key("Order", POACC + "order:3"), "order"),
          Map.entry(key("OrderChange", POACC + "order_change:3"), "order-change"),
          Map.entry(key("OrderCancellation", POACC + "order_cancellation:3"), "order-cancellation"),
          Map.entry(key("OrderResponse", POACC + "order_response:3"), "order-response"),
          Map.entry(
              key("OrderResponse", POACC + "order_response_advanced:3"), "order-response-advanced"),
          // BIS Order Agreement is a UBL OrderResponse document with its own CustomizationID
          Map.entry(key("OrderResponse", POACC + "order_agreement:3"), "order-agreement"),
          Map.entry(key("DespatchAdvice", POACC + "despatch_advice:3"), "despatch-advice"),
          Map.entry(key("Catalogue", POACC + "catalogue:3"), "catalogue"),
          Map.entry(key("Catalogue", POACC + "punch_out:3"), "punch-out"),
          Map.entry(
              key("ApplicationResponse", POACC + "catalogue_response:3"), "catalogue-response"),
          Map.entry(
              key("ApplicationResponse", POACC + "invoice_response:3"), "invoice-message-response"),
          Map.entry(key("ApplicationResponse", POACC + "mlr:3"), "mlr"));

  private final IValidationExecutorSetRegistry<IValidationSourceXML> registry;
  private final Clock clock;
  private final PeppolRuleCalendar calendar;

  /** Today's rule sets by the standard calendar. */
  public PeppolBisValidator() {
    this(Clock.systemUTC(), PeppolRuleCalendar.standard());
  }

  public PeppolBisValidator(Clock clock, PeppolRuleCalendar calendar) {
    this.registry = Phase4PeppolValidation.getDefaultRegistry();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.calendar = Objects.requireNonNull(calendar, "calendar");
  }

  /** Whether the bundled rule sets keep up with the calendar, as of the clock's day. */
  public RuleSetFreshness freshness() {
    return RuleSetFreshness.of(registry, calendar, today());
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private static String key(String root, String customizationId) {
    return root + "|" + customizationId;
  }

  /** The phive rule set for the document, in the release in force today (the clock's day, UTC). */
  public DVRCoordinate ruleSetFor(String rootLocalName, String customizationId)
      throws NoRuleSetException {
    return ruleSetFor(rootLocalName, customizationId, today());
  }

  /** The phive rule set for the document, in the release in force on {@code day}. */
  public DVRCoordinate ruleSetFor(String rootLocalName, String customizationId, LocalDate day)
      throws NoRuleSetException {
    if (customizationId == null || customizationId.isBlank()) {
      throw new NoRuleSetException(
          "The document has no cbc:CustomizationID, so no Peppol BIS 3 rule set can be chosen");
    }
    String cid = customizationId.trim();
    if ("ApplicationResponse".equals(rootLocalName) && MLS.equals(cid)) {
      return available(MLS_RULES);
    }
    String artefact = ARTEFACTS.get(key(rootLocalName, cid));
    if (artefact == null) {
      throw new NoRuleSetException(
          "No Peppol BIS 3 rule set for a " + rootLocalName + " with CustomizationID '"
              + customizationId + "'");
    }
    return available(PhiveRulesHelper.createCoordinate(GROUP, artefact, versionFor(artefact, day)));
  }

  /**
   * The newest release in force on {@code day} that carries the artefact. Before the first
   * release that carries it (self-billing exists from 2026.3 on), the oldest bundled one: the
   * document is then checked against rules newer than its day rather than refused.
   */
  private String versionFor(String artefact, LocalDate day) {
    String oldestBundled = null;
    String inForce = null;
    for (PeppolRuleCalendar.Release r : calendar.releases()) {
      if (registry.getOfID(PhiveRulesHelper.createCoordinate(GROUP, artefact, r.version()))
          == null) {
        continue;
      }
      if (oldestBundled == null) {
        oldestBundled = r.version();
      }
      if (!r.mandatoryFrom().isAfter(day)) {
        inForce = r.version();
      }
    }
    if (inForce != null) {
      return inForce;
    }
    // no calendar release of this artefact is bundled: the oldest one the calendar names
    // (the registry check that follows then refuses with the missing coordinate)
    return oldestBundled != null ? oldestBundled : calendar.releases().get(0).version();
  }

  private DVRCoordinate available(DVRCoordinate c) throws NoRuleSetException {
    if (registry.getOfID(c) == null) {
      throw new NoRuleSetException("The rule set " + c.getAsSingleID() + " is not available");
    }
    return c;
  }

  /**
   * Validates a UBL document.
   *
   * @throws NoRuleSetException when no rule set matches the document
   */
  public ValidationReport validate(String rootLocalName, String customizationId, byte[] document)
      throws NoRuleSetException {
    DVRCoordinate id = ruleSetFor(rootLocalName, customizationId);
    IValidationExecutorSet<IValidationSourceXML> ves = registry.getOfID(id);
    long start = System.nanoTime();
    try {
      // well-formedness first, so that a broken document gets one plain finding (a SAX pass is
      // cheap next to the rules)
      var parser = SafeXml.saxParser();
      parser.parse(new ByteArrayInputStream(document), new DefaultHandler());
    } catch (ParserConfigurationException | SAXException | IOException e) {
      ValidationFinding f =
          new ValidationFinding("XML", "error", null, "not well-formed XML: " + e.getMessage());
      return new ValidationReport(id.getAsSingleID(), List.of(f), List.of(), elapsed(start));
    }
    List<ValidationFinding> errors = new ArrayList<>();
    List<ValidationFinding> warnings = new ArrayList<>();
    run(ves, new BytesValidationSource(document), errors, warnings);
    return new ValidationReport(id.getAsSingleID(), errors, warnings, elapsed(start));
  }

  /** Runs the rule set on the source and sorts its findings into errors and warnings. */
  static void run(
      IValidationExecutorSet<IValidationSourceXML> ves,
      IValidationSourceXML source,
      List<ValidationFinding> errors,
      List<ValidationFinding> warnings) {
    ValidationResultList results =
        ValidationExecutionManager.executeValidation(IValidityDeterminator.createDefault(), ves, source);
    for (ValidationResult r : results) {
      for (IError e : r.getErrorList()) {
        if (e.getErrorLevel().isError()) {
          errors.add(finding(e, "error"));
        } else if (e.getErrorLevel().isFailure()) {
          warnings.add(finding(e, "warning"));
        }
      }
    }
  }

  /** The executor set of a rule set (for tests that compare sources). */
  IValidationExecutorSet<IValidationSourceXML> executorSet(DVRCoordinate id) {
    return registry.getOfID(id);
  }

  private static ValidationFinding finding(IError e, String severity) {
    String location = e.getErrorFieldName();
    if ((location == null || location.isBlank()) && e.hasErrorLocation()) {
      location = e.getErrorLocation().getAsString();
    }
    String id = e.getErrorID();
    if (id == null || id.isBlank()) {
      id = e.hasErrorLocation() ? "XSD" : "RULE";
    }
    String text = e.getErrorText(Locale.ROOT);
    if (text == null && e.hasLinkedException()) {
      text = e.getLinkedExceptionMessage();
    }
    return new ValidationFinding(id, severity, location, text);
  }

  private static long elapsed(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /**
   * Compiles the rule sets most used here (invoice and the ordering documents) once, so that the
   * first real request does not pay seconds for it.
   *
   * <p>The samples pass the UBL schemas: a document that fails the schema stops at that layer and
   * leaves the Schematron rules uncompiled (measured: the first real invoice then still took 6.5 s
   * after a 1.5 s warm-up, the second 0.2 s). Their business rules fail, which is fine.
   */
  public void warmUp() {
    long start = System.nanoTime();
    for (String[] sample : warmUpSamples()) {
      warm(sample[0], sample[1], sample[2].getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    LOG.info("Peppol BIS validation warmed up in {} ms", elapsed(start));
  }

  private static final String UBL_NS = " xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd"
      + ":CommonAggregateComponents-2\" xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd"
      + ":CommonBasicComponents-2\"";

  /**
   * {root, CustomizationID, document}: the smallest documents the UBL 2.1 schemas accept, so that
   * validation reaches (and compiles) the Schematron rules, which reject them.
   */
  static String[][] warmUpSamples() {
    return new String[][] {
      {"Invoice", BILLING, new String(schemaValidInvoice(), java.nio.charset.StandardCharsets.UTF_8)},
      {"Order", POACC + "order:3", open("Order", POACC + "order:3")
          + "<cac:BuyerCustomerParty><cac:Party/></cac:BuyerCustomerParty>"
          + "<cac:SellerSupplierParty><cac:Party/></cac:SellerSupplierParty>"
          + "<cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cac:Item/></cac:LineItem></cac:OrderLine>"
          + "</Order>"},
      {"OrderResponse", POACC + "order_response:3", open("OrderResponse", POACC + "order_response:3")
          + "<cac:OrderReference><cbc:ID>1</cbc:ID></cac:OrderReference>"
          + "<cac:SellerSupplierParty><cac:Party/></cac:SellerSupplierParty>"
          + "<cac:BuyerCustomerParty><cac:Party/></cac:BuyerCustomerParty>"
          + "</OrderResponse>"},
      {"DespatchAdvice", POACC + "despatch_advice:3", open("DespatchAdvice", POACC + "despatch_advice:3")
          + "<cac:DespatchSupplierParty><cac:Party/></cac:DespatchSupplierParty>"
          + "<cac:DeliveryCustomerParty><cac:Party/></cac:DeliveryCustomerParty>"
          + "<cac:DespatchLine><cbc:ID>1</cbc:ID><cac:OrderLineReference><cbc:LineID>1</cbc:LineID>"
          + "</cac:OrderLineReference><cac:Item/></cac:DespatchLine>"
          + "</DespatchAdvice>"},
    };
  }

  private static String open(String root, String customizationId) {
    return "<" + root + " xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:" + root + "-2\"" + UBL_NS
        + "><cbc:CustomizationID>" + customizationId + "</cbc:CustomizationID>"
        + "<cbc:ID>WARM-UP</cbc:ID><cbc:IssueDate>2026-01-01</cbc:IssueDate>";
  }

  private void warm(String root, String customizationId, byte[] doc) {
    try {
      validate(root, customizationId, doc);
    } catch (NoRuleSetException | RuntimeException e) {
      LOG.warn("Validation warm-up of {} failed: {}", root, e.toString());
    }
  }

  /** The smallest invoice the UBL 2.1 schema accepts (the Peppol rules reject it). */
  static byte[] schemaValidInvoice() {
    return ("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\""
            + " xmlns:cac=\"urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2\""
            + " xmlns:cbc=\"urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2\">"
            + "<cbc:CustomizationID>" + BILLING + "</cbc:CustomizationID>"
            + "<cbc:ID>WARM-UP</cbc:ID><cbc:IssueDate>2026-01-01</cbc:IssueDate>"
            + "<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>"
            + "<cac:AccountingSupplierParty><cac:Party/></cac:AccountingSupplierParty>"
            + "<cac:AccountingCustomerParty><cac:Party/></cac:AccountingCustomerParty>"
            + "<cac:LegalMonetaryTotal><cbc:PayableAmount currencyID=\"EUR\">0</cbc:PayableAmount>"
            + "</cac:LegalMonetaryTotal>"
            + "<cac:InvoiceLine><cbc:ID>1</cbc:ID>"
            + "<cbc:LineExtensionAmount currencyID=\"EUR\">0</cbc:LineExtensionAmount>"
            + "<cac:Item/></cac:InvoiceLine></Invoice>")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
