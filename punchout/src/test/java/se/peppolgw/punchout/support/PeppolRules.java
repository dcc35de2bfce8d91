package se.peppolgw.punchout.support;

import com.helger.phive.api.execute.ValidationExecutionManager;
import com.helger.phive.api.executorset.IValidationExecutorSet;
import com.helger.phive.api.executorset.ValidationExecutorSetRegistry;
import com.helger.phive.api.result.ValidationResultList;
import com.helger.phive.api.validity.IValidityDeterminator;
import com.helger.phive.peppol.PeppolValidation2025_11;
import com.helger.phive.xml.source.IValidationSourceXML;
import com.helger.phive.xml.source.ValidationSourceXML;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Peppol BIS Punch Out 3 (T77) validation: UBL 2.1 XSD + PEPPOLBIS-T77 schematron, via phive-rules-peppol. */
public final class PeppolRules {
  private static IValidationExecutorSet<IValidationSourceXML> ves;

  private PeppolRules() {
  }

  private static synchronized IValidationExecutorSet<IValidationSourceXML> ves() {
    if (ves == null) {
      ValidationExecutorSetRegistry<IValidationSourceXML> registry = new ValidationExecutorSetRegistry<>();
      PeppolValidation2025_11.init(registry);
      ves = registry.getOfID(PeppolValidation2025_11.VID_OPENPEPPOL_PUNCH_OUT_V3);
    }
    return ves;
  }

  /** @return error (and fatal) messages; warnings are not returned */
  public static List<String> errors(byte[] xml) {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
      ValidationResultList result = ValidationExecutionManager.executeValidation(IValidityDeterminator.createDefault(),
          ves(), ValidationSourceXML.create(null, doc));
      List<String> errors = new ArrayList<>();
      result.getAllErrors().forEach(e -> errors.add(e.getAsString(Locale.US)));
      return errors;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
