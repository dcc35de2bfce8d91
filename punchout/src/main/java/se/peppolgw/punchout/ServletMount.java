package se.peppolgw.punchout;

import jakarta.servlet.http.HttpServlet;

/** A servlet and the path spec the server registers it under (e.g. {@code /punchout/*}). */
public record ServletMount(String pathSpec, HttpServlet servlet) {
}
