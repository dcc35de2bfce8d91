package se.peppolgw.ap.mls;

import se.peppolgw.ap.config.ServiceProviderIds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.helger.peppol.sbdh.EPeppolMLSType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.xml.stream.XMLStreamException;
import org.junit.jupiter.api.Test;

/** Reading MLS_TO / MLS_TYPE from a received SBDH, and service provider ids. */
class SbdhMlsScopesTest {
  private static byte[] sbd(String scopes) {
    return ("<StandardBusinessDocument xmlns=\"http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader\">"
            + "<StandardBusinessDocumentHeader><HeaderVersion>1.0</HeaderVersion><BusinessScope>"
            + "<Scope><Type>DOCUMENTID</Type><InstanceIdentifier>urn:x</InstanceIdentifier><Identifier>busdox-docid-qns</Identifier></Scope>"
            + scopes
            + "</BusinessScope></StandardBusinessDocumentHeader>"
            // a Scope-like element in the business document must not be read
            + "<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"><Scope><Type>MLS_TO</Type></Scope></Invoice>"
            + "</StandardBusinessDocument>")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsBothScopes() throws Exception {
    SbdhMlsScopes s = SbdhMlsScopes.read(sbd(
        "<Scope><Type>MLS_TO</Type><InstanceIdentifier>0242:000123</InstanceIdentifier><Identifier>iso6523-actorid-upis</Identifier></Scope>"
            + "<Scope><Type>MLS_TYPE</Type><InstanceIdentifier>FAILURE_ONLY</InstanceIdentifier></Scope>"));
    assertEquals("0242:000123", s.mlsTo());
    assertEquals("iso6523-actorid-upis", s.mlsToScheme());
    assertEquals(EPeppolMLSType.FAILURE_ONLY, s.effectiveType());
  }

  @Test
  void withoutScopesTheDefaultIsAlwaysSend() throws Exception {
    SbdhMlsScopes s = SbdhMlsScopes.read(sbd(""));
    assertNull(s.mlsTo());
    assertNull(s.mlsTypeText());
    assertEquals(EPeppolMLSType.ALWAYS_SEND, s.effectiveType());
  }

  @Test
  void anExternalEntityIsNeverRead() {
    // the inbound path refuses DOCTYPEs before anything is stored; this reader does not rely on it
    byte[] evil = ("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
        + new String(sbd("<Scope><Type>MLS_TO</Type><InstanceIdentifier>&e;</InstanceIdentifier></Scope>"),
            StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    try {
      SbdhMlsScopes s = SbdhMlsScopes.read(evil);
      assertTrue(s.mlsTo() == null || !s.mlsTo().contains("root:"), s::toString);
    } catch (XMLStreamException refused) {
      assertTrue(refused.getMessage() != null);
    }
  }

  @Test
  void serviceProviderIds() {
    assertEquals(Optional.of("0242:000123"), ServiceProviderIds.spisParticipantId("PSE000123"));
    assertEquals(Optional.of("0242:000001"), ServiceProviderIds.spisParticipantId("pop000001"));
    assertEquals(Optional.empty(), ServiceProviderIds.spisParticipantId("not-a-seat"));
    assertEquals(Optional.empty(), ServiceProviderIds.spisParticipantId(null));
    assertTrue(ServiceProviderIds.isServiceProvider("0242:000123"));
    assertTrue(ServiceProviderIds.isServiceProvider("iso6523-actorid-upis::0242:000123"));
    assertTrue(ServiceProviderIds.isServiceProvider("0242:000123-ABC"));
    assertFalse(ServiceProviderIds.isServiceProvider("0088:7300010000001"));
    assertFalse(ServiceProviderIds.isServiceProvider("0242:12345"));
    assertFalse(ServiceProviderIds.isServiceProvider(null));
  }
}
