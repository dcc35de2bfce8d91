package se.peppolgw.ap.inbound;

import com.helger.phase4.incoming.AS4IncomingHandler;
import com.helger.phase4.incoming.AS4RequestHandler;
import com.helger.xml.serialize.read.DOMReaderDefaultSettings;
import com.helger.xml.serialize.read.SAXReaderDefaultSettings;
import org.slf4j.LoggerFactory;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXParseException;

/**
 * One log line per refused request, and no stack trace for input a stranger chose: the AS4
 * servlet and the inbound processor each log the refusal once, with the client address and the
 * reason. The libraries underneath would add their own: ph-xml logs every XML parse error with
 * its full stack trace (41 lines for a 7-byte body) and phase4's incoming handler an ERROR line
 * per unparseable message. This turns those off — process-wide, once, when phase4 is set up.
 */
final class HostileInputLogging {
  /** Keeps the parser's verdict (a fatal error still ends the parse) without logging it. */
  private static final ErrorHandler SILENT =
      new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
          // not a refusal; nothing to say
        }

        @Override
        public void error(SAXParseException e) throws SAXParseException {
          throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXParseException {
          throw e;
        }
      };

  /**
   * JDK parsers' element depth limit, unless the operator set one: phase4 parses the SOAP
   * envelope with the JDK parser, which by default accepts any depth.
   */
  static final String JDK_MAX_ELEMENT_DEPTH = "jdk.xml.maxElementDepth";

  private HostileInputLogging() {}

  static void quietLibraries() {
    DOMReaderDefaultSettings.exceptionCallbacks().removeAll();
    DOMReaderDefaultSettings.setErrorHandler(SILENT);
    SAXReaderDefaultSettings.exceptionCallbacks().removeAll();
    SAXReaderDefaultSettings.setErrorHandler(SILENT);
    if (System.getProperty(JDK_MAX_ELEMENT_DEPTH) == null) {
      System.setProperty(JDK_MAX_ELEMENT_DEPTH, Integer.toString(se.peppolgw.ap.sbd.SafeXml.MAX_ELEMENT_DEPTH));
    }
    // phase4's and WSS4J's own lines (with stack traces) per refused message: ours says who and
    // why, with the EBMS code, in the processor
    quiet(AS4IncomingHandler.class.getName());
    quiet(AS4RequestHandler.class.getName());
    quiet("com.helger.phase4.incoming.soap.SoapHeaderElementProcessorWSS4J");
    quiet("org.apache.wss4j.common.crypto.Merlin");
  }

  /** Only when the operator's logging configuration does not name this logger itself. */
  private static void quiet(String loggerName) {
    if (LoggerFactory.getLogger(loggerName) instanceof ch.qos.logback.classic.Logger l
        && l.getLevel() == null) {
      l.setLevel(ch.qos.logback.classic.Level.OFF);
    }
  }
}
