package se.peppolgw.ap.xml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.transform.TransformerConfigurationException;
import javax.xml.transform.URIResolver;
import net.sf.saxon.Configuration;
import net.sf.saxon.TransformerFactoryImpl;

/**
 * Saxon's JAXP factory, but instances share Saxon {@link Configuration}s built once per JVM
 * instead of building a new one per {@code TransformerFactory.newInstance()}.
 *
 * <p>Why: phase4 serialises every SOAP envelope (receipt, error signal, outgoing message, MIME
 * part) through a fresh {@code TransformerFactory} (ph-xml's {@code XMLTransformerFactory}). With
 * plain Saxon each of those builds a new {@code Configuration}, whose catalog resolver reads its
 * settings from the class path's jar files; under concurrent load those reads serialise on the
 * {@code JarFile} lock (see docs/benchmarks.md). A Saxon Configuration is made to be shared by
 * threads.
 *
 * <p>Sharing must never leak one caller's settings into another's. So a shared Configuration is
 * never changed after it is built: it is identified by the exact list of settings
 * ({@code setFeature} / {@code setAttribute} calls with simple values) that produced it, and an
 * instance that applies one more setting moves to the Configuration for the longer list (built
 * once, by replaying the list on a new Configuration, so a setting Saxon rejects is rejected here
 * with Saxon's own message and changes nothing). A URI resolver or a non-simple attribute value
 * gives the instance a private Configuration, exactly as plain Saxon would have. The error
 * listener is per instance in Saxon already. Not guarded: code that takes
 * {@code getConfiguration()} from a factory it got from {@code TransformerFactory.newInstance()}
 * and changes it directly; nothing on the gateway's class path does (stylesheet compilation in
 * phive/ph-schematron names Saxon's own class and is not affected).
 *
 * <p>Installed JVM-wide through {@code -Djavax.xml.transform.TransformerFactory=}this class; the
 * gateway does that by default ({@code GatewayMain}).
 */
public class SharedSaxonTransformerFactory extends TransformerFactoryImpl {
  /** More distinct setting lists than this means someone configures factories freely: stop sharing. */
  static final int MAX_SHARED_CONFIGURATIONS = 32;

  private static final Map<List<Object>, Object> SHARED = new ConcurrentHashMap<>();

  /** The settings that made this instance's shared Configuration; null once it has its own. */
  private List<Object> settings = List.of();

  public SharedSaxonTransformerFactory() {
    super(sharedFor(List.of()));
  }

  /** True while this instance still uses a JVM-wide Configuration. */
  public boolean isShared() {
    return settings != null;
  }

  @Override
  public void setFeature(String name, boolean value) throws TransformerConfigurationException {
    if (settings == null || !moveTo(with("feature", name, value))) {
      super.setFeature(name, value);
    }
  }

  @Override
  public void setAttribute(String name, Object value) {
    boolean simple = value instanceof String || value instanceof Boolean || value instanceof Number;
    try {
      if (settings != null && simple && moveTo(with("attribute", name, value))) {
        return;
      }
    } catch (TransformerConfigurationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    detach();
    super.setAttribute(name, value);
  }

  @Override
  public void setURIResolver(URIResolver resolver) {
    detach();
    super.setURIResolver(resolver);
  }

  private List<Object> with(String kind, String name, Object value) {
    List<Object> longer = new ArrayList<>(settings.size() + 3);
    longer.addAll(settings);
    longer.add(kind);
    longer.add(name);
    longer.add(value);
    return List.copyOf(longer);
  }

  /**
   * Moves this instance to the shared Configuration for {@code next}; false when there are too
   * many (the instance then detaches and the caller applies the setting itself).
   */
  private boolean moveTo(List<Object> next) throws TransformerConfigurationException {
    Object built = SHARED.get(next);
    if (built == null) {
      if (SHARED.size() >= MAX_SHARED_CONFIGURATIONS) {
        detach();
        return false;
      }
      built = SHARED.computeIfAbsent(next, SharedSaxonTransformerFactory::build);
    }
    if (built instanceof TransformerConfigurationException rejected) {
      throw new TransformerConfigurationException(rejected.getMessage());
    }
    settings = next;
    setConfiguration((Configuration) built);
    return true;
  }

  private static Configuration sharedFor(List<Object> settings) {
    return (Configuration) SHARED.computeIfAbsent(settings, SharedSaxonTransformerFactory::build);
  }

  /** A new Configuration with the settings replayed through Saxon's own factory, or Saxon's refusal. */
  private static Object build(List<Object> settings) {
    Configuration c = new Configuration();
    TransformerFactoryImpl plain = new TransformerFactoryImpl(c);
    for (int i = 0; i < settings.size(); i += 3) {
      String name = (String) settings.get(i + 1);
      Object value = settings.get(i + 2);
      try {
        if (settings.get(i).equals("feature")) {
          plain.setFeature(name, (Boolean) value);
        } else {
          plain.setAttribute(name, value);
        }
      } catch (TransformerConfigurationException | IllegalArgumentException e) {
        return new TransformerConfigurationException(e.getMessage());
      }
    }
    return c;
  }

  private void detach() {
    if (settings != null) {
      // replay this instance's settings on a Configuration of its own
      Object own = build(settings);
      settings = null;
      setConfiguration((Configuration) own);
    }
  }
}
