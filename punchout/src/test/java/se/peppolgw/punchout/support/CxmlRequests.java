package se.peppolgw.punchout.support;

/** PunchOutSetupRequest documents as a buyer's procurement system sends them. */
public final class CxmlRequests {
  private CxmlRequests() {
  }

  public static String setup(String operation, String fromDomain, String fromIdentity, String secret, String buyerCookie,
      String returnUrl, String itemsOut) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<!DOCTYPE cXML SYSTEM \"http://xml.cxml.org/schemas/cXML/1.2.014/cXML.dtd\">\n"
        + "<cXML payloadID=\"1732180000.1234@proceedo.example\" timestamp=\"2026-11-21T10:00:00+01:00\" xml:lang=\"sv-SE\" version=\"1.2.014\">\n"
        + "<Header>\n"
        + "  <From><Credential domain=\"" + fromDomain + "\"><Identity>" + fromIdentity + "</Identity></Credential></From>\n"
        + "  <To><Credential domain=\"NetworkID\"><Identity>exempelleverantoren</Identity></Credential></To>\n"
        + "  <Sender><Credential domain=\"NetworkID\"><Identity>proceedo-hub</Identity><SharedSecret>" + secret
        + "</SharedSecret></Credential><UserAgent>Proceedo</UserAgent></Sender>\n"
        + "</Header>\n"
        + "<Request deploymentMode=\"test\">\n"
        + "  <PunchOutSetupRequest operation=\"" + operation + "\">\n"
        + "    <BuyerCookie>" + buyerCookie + "</BuyerCookie>\n"
        + "    <Extrinsic name=\"UserEmail\">anna.andersson@example.se</Extrinsic>\n"
        + (returnUrl == null ? "" : "    <BrowserFormPost><URL>" + returnUrl + "</URL></BrowserFormPost>\n")
        + "    <Contact role=\"endUser\"><Name xml:lang=\"sv\">Åsa Öberg</Name><Email>asa@example.se</Email></Contact>\n"
        + (itemsOut == null ? "" : itemsOut)
        + "  </PunchOutSetupRequest>\n"
        + "</Request>\n"
        + "</cXML>\n";
  }
}
