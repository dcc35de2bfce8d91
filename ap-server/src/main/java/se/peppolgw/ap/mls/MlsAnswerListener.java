package se.peppolgw.ap.mls;

/**
 * Told, after the commit that stored it, of each received MLS that matched one of our outbound
 * transmissions: the back office hears of the answer through the outbound status webhook where
 * one is configured (docs/mls.md).
 */
@FunctionalInterface
public interface MlsAnswerListener {
  MlsAnswerListener NONE = (transmissionId, code, words) -> {};

  /**
   * @param transmissionId our outbound transmission the MLS answers
   * @param code AP, AB or RE
   * @param words the answer in plain words, with each reason's rule id and location for an RE
   */
  void answered(String transmissionId, MlsResponseCode code, String words);
}
