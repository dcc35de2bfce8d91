package se.peppolgw.ap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.xml.stream.XMLEventFactory;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import org.junit.jupiter.api.Test;

class GatewayMainTest {
  private static final String[] KEYS = {
    "javax.xml.stream.XMLInputFactory", "javax.xml.stream.XMLOutputFactory", "javax.xml.stream.XMLEventFactory"
  };

  @Test
  void theJdkStaxFactoriesStayTheDefaultWithAaltoOnTheClassPath() {
    String[] before = new String[KEYS.length];
    for (int i = 0; i < KEYS.length; i++) {
      before[i] = System.clearProperty(KEYS[i]);
    }
    try {
      // what aalto-xml's service registration does to the JVM without the pin
      assertTrue(XMLInputFactory.newFactory().getClass().getName().startsWith("com.fasterxml.aalto"));
      GatewayMain.keepJdkStaxFactories();
      assertEquals("com.sun.xml.internal.stream.XMLInputFactoryImpl", XMLInputFactory.newFactory().getClass().getName());
      assertEquals("com.sun.xml.internal.stream.XMLOutputFactoryImpl", XMLOutputFactory.newFactory().getClass().getName());
      assertEquals(
          "com.sun.xml.internal.stream.events.XMLEventFactoryImpl", XMLEventFactory.newFactory().getClass().getName());
      // an operator's -D wins
      System.setProperty(KEYS[0], "com.fasterxml.aalto.stax.InputFactoryImpl");
      GatewayMain.keepJdkStaxFactories();
      assertEquals("com.fasterxml.aalto.stax.InputFactoryImpl", System.getProperty(KEYS[0]));
    } finally {
      for (int i = 0; i < KEYS.length; i++) {
        if (before[i] == null) {
          System.clearProperty(KEYS[i]);
        } else {
          System.setProperty(KEYS[i], before[i]);
        }
      }
    }
  }

  @Test
  void jakartaMailsStreamProviderIsNamedNotSearchedFor() {
    String before = System.clearProperty(GatewayMain.MAIL_STREAM_PROVIDER);
    try {
      GatewayMain.nameMailStreamProvider();
      assertEquals(GatewayMain.ANGUS_STREAM_PROVIDER, System.getProperty(GatewayMain.MAIL_STREAM_PROVIDER));
      // the named class exists and is what jakarta.mail then uses
      assertEquals(GatewayMain.ANGUS_STREAM_PROVIDER, jakarta.mail.util.StreamProvider.provider().getClass().getName());
      // an operator's -D wins
      System.setProperty(GatewayMain.MAIL_STREAM_PROVIDER, "com.example.Provider");
      GatewayMain.nameMailStreamProvider();
      assertEquals("com.example.Provider", System.getProperty(GatewayMain.MAIL_STREAM_PROVIDER));
    } finally {
      if (before == null) {
        System.clearProperty(GatewayMain.MAIL_STREAM_PROVIDER);
      } else {
        System.setProperty(GatewayMain.MAIL_STREAM_PROVIDER, before);
      }
    }
  }
}
