package se.peppolgw.ap.sbd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What one streaming pass over an SBD learns, whichever parser drives it ({@link SaxSbdInspection}
 * or {@link Utf8Inspection}): the structure (one header, one business document), whether the
 * document's namespace prefixes are all declared within it, and the UBL fields the transmission log
 * indexes. A new instance per pass: its state belongs to one document.
 *
 * <p>The driver reports, per element: the prefixes it declares ({@link #declarePrefix}), its start
 * ({@link #startElement}), the prefix of each attribute while {@link #inDocument} ({@link
 * #attribute}), the end of its start tag ({@link #endOfStartTag}); then the text ({@link
 * #characters}, only needed while {@link #wantsText}) and its end ({@link #endElement}).
 */
final class SbdScan {
  private static final String SBDH_NS = SbdInspector.SBDH_NS;
  private static final String CBC_NS =
      "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
  private static final String CAC_NS =
      "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";

  int depth;
  private int childrenOfRoot;
  private boolean rootOk;
  private String firstChild;
  private boolean textAtRoot;

  // the business document (second child of the root)
  boolean inDocument;
  private String docNamespace;
  private String docLocalName;
  String docQName;
  String rootQName;
  boolean dependsOnOuterNamespace;
  /** Per open element of the business document: the prefixes it declares (usually none). */
  private final Deque<List<String>> boundInDocument = new ArrayDeque<>();
  /** How many open elements of the business document declare each prefix: O(1) lookups. */
  private final Map<String, Integer> boundCount = new HashMap<>();
  private final List<String> pendingPrefixes = new ArrayList<>();

  // indexed UBL fields
  private String customizationId;
  private String profileId;
  private String businessId;
  private String orderRef;
  private String buyerRef;
  private String issueDate;
  private String capture;
  private boolean inOrderReference;
  private final StringBuilder text = new StringBuilder();

  /** A namespace declaration ("" for the default namespace) on the element about to start. */
  void declarePrefix(String prefix) {
    pendingPrefixes.add(prefix);
  }

  /**
   * Returns true when this element is the business document's root. The qualified name as
   * written may be null when it is {@code prefix:localName} (or {@code localName}).
   */
  boolean startElement(String uri, String localName, String prefix, String qName) {
    boolean documentStarts = false;
    depth++;
    if (depth == 1) {
      rootOk = SBDH_NS.equals(uri) && "StandardBusinessDocument".equals(localName);
      rootQName = qName != null ? qName : qName(prefix, localName);
    } else if (depth == 2) {
      childrenOfRoot++;
      if (childrenOfRoot == 1) {
        firstChild = "{" + uri + "}" + localName;
      } else if (childrenOfRoot == 2) {
        inDocument = true;
        documentStarts = true;
        docNamespace = uri;
        docLocalName = localName;
        docQName = qName != null ? qName : qName(prefix, localName);
      }
    }
    if (inDocument) {
      List<String> declared = pendingPrefixes.isEmpty() ? List.of() : List.copyOf(pendingPrefixes);
      boundInDocument.push(declared);
      for (String p : declared) {
        boundCount.merge(p, 1, Integer::sum);
      }
      checkBound(prefix, uri);
    }
    return documentStarts;
  }

  /** The prefix ("" for none) of an attribute of an element of the business document. */
  void attribute(String prefix) {
    // namespace declarations are no attributes here (nor is anything else named xmlns...)
    if (!prefix.isEmpty() && !prefix.startsWith("xmlns")) {
      checkBound(prefix, null);
    }
  }

  void endOfStartTag(String uri, String localName) {
    if (inDocument) {
      captureFields(uri, localName);
    }
    pendingPrefixes.clear();
  }

  private static String qName(String prefix, String localName) {
    return prefix.isEmpty() ? localName : prefix + ":" + localName;
  }

  private void captureFields(String uri, String localName) {
    int rel = depth - 2; // 0 = business document root
    capture = null;
    if (rel == 1 && CBC_NS.equals(uri)) {
      switch (localName) {
        case "CustomizationID", "ID", "ProfileID", "BuyerReference", "IssueDate" -> capture = localName;
        default -> {}
      }
    } else if (rel == 1 && CAC_NS.equals(uri) && "OrderReference".equals(localName)) {
      inOrderReference = true;
    } else if (rel == 2 && inOrderReference && CBC_NS.equals(uri) && "ID".equals(localName)) {
      capture = "OrderReference";
    }
    text.setLength(0);
  }

  private void checkBound(String prefix, String uri) {
    if ("xml".equals(prefix)) {
      return;
    }
    if (boundCount.containsKey(prefix)) {
      return;
    }
    if (prefix.isEmpty() && (uri == null || uri.isEmpty())) {
      return;
    }
    dependsOnOuterNamespace = true;
  }

  static String prefixOf(String qName) {
    int i = qName.indexOf(':');
    return i < 0 ? "" : qName.substring(0, i);
  }

  /** Whether {@link #characters} would do anything with text here. */
  boolean wantsText() {
    return capture != null || depth == 1;
  }

  void characters(char[] ch, int start, int length) {
    if (capture != null) {
      text.append(ch, start, length);
    } else if (depth == 1 && !new String(ch, start, length).isBlank()) {
      textAtRoot = true;
    }
  }

  /** Returns true when this element is the business document's root. */
  boolean endElement(String uri, String localName) {
    boolean documentEnds = false;
    if (inDocument) {
      if (capture != null) {
        finishCapture();
      }
      if (depth - 2 == 1 && CAC_NS.equals(uri) && "OrderReference".equals(localName)) {
        inOrderReference = false;
      }
      List<String> declared = boundInDocument.pop();
      if (!declared.isEmpty()) {
        unbind(declared);
      }
      if (depth == 2) {
        inDocument = false;
        documentEnds = true;
      }
    }
    depth--;
    return documentEnds;
  }

  // the rare parts of endElement, out of the way of the JIT's inlining
  private void finishCapture() {
    String v = text.toString().trim();
    switch (capture) {
      case "CustomizationID" -> customizationId = first(customizationId, v);
      case "ProfileID" -> profileId = first(profileId, v);
      case "ID" -> businessId = first(businessId, v);
      case "BuyerReference" -> buyerRef = first(buyerRef, v);
      case "IssueDate" -> issueDate = first(issueDate, v);
      case "OrderReference" -> orderRef = first(orderRef, v);
      default -> {}
    }
    capture = null;
  }

  private void unbind(List<String> declared) {
    for (String prefix : declared) {
      boundCount.computeIfPresent(prefix, (k, n) -> n == 1 ? null : n - 1);
    }
  }

  private static String first(String existing, String v) {
    return existing != null || v.isEmpty() ? existing : v;
  }

  /** An empty element with the business document's name and namespace. */
  String documentStub() {
    String prefix = prefixOf(docQName);
    String ns = docNamespace == null ? "" : docNamespace;
    return "<" + docQName + (prefix.isEmpty() ? " xmlns" : " xmlns:" + prefix) + "=\""
        + ns.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;") + "\"/>";
  }

  /** What the pass found, with the document and header-only SBD the inspector cut from it. */
  InspectedSbd inspected(byte[] document, boolean exact, byte[] headerOnlySbd, int documentOffset) {
    return new InspectedSbd(
        document,
        exact,
        headerOnlySbd,
        docNamespace,
        docLocalName,
        customizationId,
        profileId,
        businessId,
        orderRef,
        buyerRef,
        documentOffset,
        issueDate);
  }

  void checkStructure() throws SbdFormatException {
    if (!rootOk) {
      throw new SbdFormatException(
          "The payload is not a Standard Business Document (root element must be"
              + " StandardBusinessDocument in namespace " + SBDH_NS + ")");
    }
    if (!("{" + SBDH_NS + "}StandardBusinessDocumentHeader").equals(firstChild)) {
      throw new SbdFormatException(
          "The SBD must start with a StandardBusinessDocumentHeader, found " + firstChild);
    }
    if (childrenOfRoot < 2) {
      throw new SbdFormatException("The SBD carries no business document after the header");
    }
    if (childrenOfRoot > 2) {
      throw new SbdFormatException(
          "The SBD carries " + (childrenOfRoot - 1) + " business documents; exactly one is allowed");
    }
    if (textAtRoot) {
      throw new SbdFormatException("The SBD contains text outside its header and document");
    }
  }
}
