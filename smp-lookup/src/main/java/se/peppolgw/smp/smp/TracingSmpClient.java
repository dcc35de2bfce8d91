package se.peppolgw.smp.smp;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;

import com.helger.smpclient.peppol.SMPClientReadOnly;

import se.peppolgw.smp.trace.TraceRecorder;

/**
 * The peppol-commons SMP client, with each HTTP request recorded in the lookup trace (URL, status,
 * time). Everything else (URL building, signature verification, XML parsing) is the library's.
 * One instance per lookup, because the trace is per lookup.
 */
final class TracingSmpClient extends SMPClientReadOnly {
  private final TraceRecorder trace;

  TracingSmpClient(URI smpUrl, TraceRecorder trace) {
    super(smpUrl);
    this.trace = trace;
  }

  @Override
  public <T> T executeRequest(HttpUriRequestBase request, HttpClientResponseHandler<T> handler) throws IOException {
    TraceRecorder.Timer timer = trace.start("SMP_" + request.getMethod(), describe(request));
    int[] status = {0};
    try {
      T result = super.executeRequest(request, response -> {
        status[0] = response.getCode();
        return handler.handleResponse(response);
      });
      timer.done("OK", status[0]);
      return result;
    } catch (IOException | RuntimeException e) {
      timer.done(SmpFailures.describe(e), status[0] == 0 ? null : status[0]);
      throw e;
    }
  }

  private static String describe(HttpUriRequestBase request) {
    try {
      return request.getUri().toString();
    } catch (URISyntaxException e) {
      return request.getRequestUri();
    }
  }
}
