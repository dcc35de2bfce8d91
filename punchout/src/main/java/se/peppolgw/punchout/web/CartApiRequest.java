package se.peppolgw.punchout.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** Body of the cart API. */
@JsonIgnoreProperties(ignoreUnknown = false)
public record CartApiRequest(List<CartApiLine> lines) {
}
