package se.peppolgw.ap.validation;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The Peppol BIS 3 release calendar: which release of the validation artefacts is mandatory from
 * which day. This is the only place with these dates; add a line here when OpenPeppol publishes a
 * release (and upgrade {@code phive-rules-peppol} to a version that carries it, see
 * docs/outbound.md "Updating the Peppol rules").
 *
 * <p>The dates are OpenPeppol's "mandatory to use from" dates, not the dates phive-rules-peppol
 * switches on: phive-rules-peppol 4.3.7 switches to 2026.5 on 2026-08-17, a week before the
 * published date 2026-08-24, which would refuse documents that are still valid under 2025.11.
 */
public final class PeppolRuleCalendar {

  /**
   * One release.
   *
   * @param version the phive version of the rule sets ({@code eu.peppol.bis3:<artefact>:<version>})
   * @param mandatoryFrom the first day (UTC) on which the release must be used
   * @param source where the date is published
   * @param partial a release for some documents only (a hotfix); it is used for the documents it
   *     carries but is never "the release in force"
   */
  public record Release(String version, LocalDate mandatoryFrom, String source, boolean partial) {
    public Release {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(mandatoryFrom, "mandatoryFrom");
    }

    /** A release of every Peppol BIS 3 document. */
    public Release(String version, LocalDate mandatoryFrom, String source) {
      this(version, mandatoryFrom, source, false);
    }
  }

  /** The releases the gateway knows of, oldest first. */
  public static final List<Release> PEPPOL_BIS3 =
      List.of(
          new Release(
              "2025.5",
              LocalDate.of(2025, 8, 25),
              "Peppol BIS May 2025 release (docs.peppol.eu/poacc/billing/3.0/release-notes);"
                  + " the same day as phive-rules-peppol's PeppolValidation2025_05.VALID_PER"),
          new Release(
              "2025.11",
              LocalDate.of(2026, 2, 23),
              "Peppol BIS November 2025 release notes (published 2025-11-24): mandatory from"
                  + " 2026-02-23"),
          // a hotfix of BIS Self-Billing only (3.0.1, "Hotfix date March 2026"); hotfixes apply
          // when published and the notes give no day, so the first of the month is used
          new Release(
              "2026.3",
              LocalDate.of(2026, 3, 1),
              "BIS Self-Billing 3.0.1 release notes, docs.peppol.eu/poacc/self-billing/3.0/release-notes",
              true),
          new Release(
              "2026.5",
              LocalDate.of(2026, 8, 24),
              "May 2026 release notes (BIS Billing, Self-Billing 3.0.2, post-award): published"
                  + " 2026-05-20, mandatory to use from 2026-08-24"));

  private static final PeppolRuleCalendar STANDARD = new PeppolRuleCalendar(PEPPOL_BIS3);

  private final List<Release> releases;

  /** A calendar of the given releases (in any order; tests add future ones). */
  public PeppolRuleCalendar(List<Release> releases) {
    if (releases.isEmpty()) {
      throw new IllegalArgumentException("a release calendar needs at least one release");
    }
    this.releases =
        releases.stream().sorted(Comparator.comparing(Release::mandatoryFrom)).toList();
  }

  /** The calendar of {@link #PEPPOL_BIS3}. */
  public static PeppolRuleCalendar standard() {
    return STANDARD;
  }

  /** All releases, oldest first. */
  public List<Release> releases() {
    return releases;
  }

  /** The newest complete release mandatory on {@code day}; empty before the first one. */
  public Optional<Release> inForce(LocalDate day) {
    Release found = null;
    for (Release r : releases) {
      if (!r.partial() && !r.mandatoryFrom().isAfter(day)) {
        found = r;
      }
    }
    return Optional.ofNullable(found);
  }

  /** The release of a version string, if the calendar knows it. */
  public Optional<Release> release(String version) {
    return releases.stream().filter(r -> r.version().equals(version)).findFirst();
  }
}
