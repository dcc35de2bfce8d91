package se.peppolgw.ap.alerts;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.Date;
import java.util.Properties;
import se.peppolgw.ap.config.AlertSettings;

/** Alerts as plain-text e-mail over SMTP (Jakarta Mail, Eclipse Angus). */
public final class MailChannel implements AlertChannel {
  private final AlertSettings.Smtp smtp;
  private final Session session;

  public MailChannel(AlertSettings.Smtp smtp) {
    this.smtp = smtp;
    Properties p = new Properties();
    p.put("mail.smtp.host", smtp.host());
    p.put("mail.smtp.port", Integer.toString(smtp.port()));
    p.put("mail.smtp.starttls.enable", Boolean.toString(smtp.starttls()));
    // with STARTTLS configured, never fall back to sending the password in clear
    p.put("mail.smtp.starttls.required", Boolean.toString(smtp.starttls()));
    p.put("mail.smtp.connectiontimeout", "10000");
    p.put("mail.smtp.timeout", "30000");
    p.put("mail.smtp.writetimeout", "30000");
    // the EHLO name: Jakarta Mail would otherwise ask reverse DNS for it, which can hang for
    // seconds where DNS is poor
    p.put("mail.smtp.localhost", localHostName());
    Authenticator auth = null;
    if (smtp.user() != null) {
      p.put("mail.smtp.auth", "true");
      auth = new Authenticator() {
        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
          return new PasswordAuthentication(smtp.user(), smtp.password());
        }
      };
    }
    this.session = Session.getInstance(p, auth);
  }

  private static String localHostName() {
    try {
      String name = java.net.InetAddress.getLocalHost().getHostName();
      return name == null || name.isBlank() ? "localhost" : name;
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  @Override
  public void send(Alert alert) throws IOException {
    try {
      MimeMessage m = new MimeMessage(session);
      m.setFrom(new InternetAddress(smtp.from()));
      for (String to : smtp.to()) {
        m.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
      }
      m.setSubject(alert.subject(), "UTF-8");
      m.setText(alert.text(), "UTF-8");
      m.setSentDate(Date.from(alert.at()));
      m.setHeader("X-Gateway-Alert", alert.kind().code());
      Transport.send(m);
    } catch (MessagingException e) {
      throw new IOException("SMTP " + smtp.host() + ":" + smtp.port() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "e-mail to " + String.join(", ", smtp.to()) + " via " + smtp.host() + ":" + smtp.port();
  }
}
