package se.peppolgw.ap.validation;

import com.helger.phive.api.executorset.IValidationExecutorSet;
import com.helger.phive.api.executorset.IValidationExecutorSetRegistry;
import com.helger.phive.xml.source.IValidationSourceXML;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Whether the bundled phive-rules-peppol keeps up with the release calendar on a day: stale when
 * the release in force by {@link PeppolRuleCalendar} is newer than the newest bundled Peppol BIS
 * release (documents are then validated with outdated rules), and a note when a bundled release
 * has no date in the calendar (it is not used until the calendar lists it).
 *
 * @param day the day the check is for
 * @param inForce the release mandatory on {@code day} by the calendar (null before the first)
 * @param newestBundled the newest calendar release the bundled rules carry (null: none)
 * @param undated bundled Peppol BIS releases the calendar does not know
 */
public record RuleSetFreshness(
    LocalDate day,
    PeppolRuleCalendar.Release inForce,
    PeppolRuleCalendar.Release newestBundled,
    List<String> undated) {

  private static final String GROUP = "eu.peppol.bis3";
  /** Every BIS release carries the invoice rule set; self-billing-only hotfixes are not counted. */
  private static final String PROBE_ARTEFACT = "invoice";

  static RuleSetFreshness of(
      IValidationExecutorSetRegistry<IValidationSourceXML> registry,
      PeppolRuleCalendar calendar,
      LocalDate day) {
    TreeSet<String> bundled = new TreeSet<>();
    for (IValidationExecutorSet<IValidationSourceXML> ves : registry.getAll()) {
      var id = ves.getID();
      if (GROUP.equals(id.getGroupID()) && PROBE_ARTEFACT.equals(id.getArtifactID())) {
        bundled.add(id.getVersionString());
      }
    }
    PeppolRuleCalendar.Release newest = null;
    for (PeppolRuleCalendar.Release r : calendar.releases()) {
      if (bundled.contains(r.version())) {
        newest = r;
      }
    }
    List<String> undated =
        bundled.stream().filter(v -> calendar.release(v).isEmpty()).sorted().toList();
    return new RuleSetFreshness(day, calendar.inForce(day).orElse(null), newest, undated);
  }

  /** True when the release in force is newer than every bundled one. */
  public boolean stale() {
    return inForce != null
        && (newestBundled == null
            || inForce.mandatoryFrom().isAfter(newestBundled.mandatoryFrom()));
  }

  /** The version in force, or "none" before the first release of the calendar. */
  public String inForceVersion() {
    return inForce == null ? "none" : inForce.version();
  }

  /** The newest bundled version, or "none". */
  public String newestBundledVersion() {
    return newestBundled == null ? "none" : newestBundled.version();
  }

  /** The operator's warning, empty when the rules are current. */
  public Optional<String> warning() {
    if (stale()) {
      return Optional.of(
          "Peppol BIS release "
              + inForce.version()
              + " is mandatory since "
              + inForce.mandatoryFrom()
              + " but the newest bundled rule set is "
              + newestBundledVersion()
              + ": documents are validated with outdated rules; upgrade phive-rules-peppol"
              + " (docs/outbound.md, Updating the Peppol rules)");
    }
    if (!undated.isEmpty()) {
      return Optional.of(
          "Bundled Peppol BIS release(s) "
              + String.join(", ", undated)
              + " have no mandatory date in PeppolRuleCalendar and are not used until it lists"
              + " them");
    }
    return Optional.empty();
  }
}
