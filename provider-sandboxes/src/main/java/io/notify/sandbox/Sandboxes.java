package io.notify.sandbox;

import io.notify.sandbox.apns.ApnsSandbox;
import io.notify.sandbox.fcm.FcmSandbox;
import io.notify.sandbox.sendgrid.SendGridSandbox;
import io.notify.sandbox.smtp.SmtpSandbox;
import io.notify.sandbox.twilio.TwilioSandbox;

/**
 * All provider sandboxes (APNs, FCM, Twilio, SendGrid and the SMTP fallback), started together for
 * the launcher, the crash test and benchmarks.
 */
public final class Sandboxes implements AutoCloseable {

    /** The sender number the Twilio sandbox expects clients to use. */
    public static final String TWILIO_FROM = "+15005550006";

    private final ApnsSandbox apns = new ApnsSandbox();
    private final FcmSandbox fcm = new FcmSandbox();
    private final TwilioSandbox twilio = new TwilioSandbox();
    private final SendGridSandbox sendGrid = new SendGridSandbox();
    private final SmtpSandbox smtp = new SmtpSandbox();

    public static Sandboxes start() {
        Sandboxes sandboxes = new Sandboxes();
        try {
            sandboxes.apns.start();
            sandboxes.fcm.start();
            sandboxes.twilio.start();
            sandboxes.sendGrid.start();
            sandboxes.smtp.start();
            return sandboxes;
        } catch (RuntimeException e) {
            sandboxes.close();
            throw e;
        }
    }

    private Sandboxes() {}

    public ApnsSandbox apns() {
        return apns;
    }

    public FcmSandbox fcm() {
        return fcm;
    }

    public TwilioSandbox twilio() {
        return twilio;
    }

    public SendGridSandbox sendGrid() {
        return sendGrid;
    }

    public SmtpSandbox smtp() {
        return smtp;
    }

    public SandboxEndpoints endpoints() {
        return new SandboxEndpoints(
                apns.host(), apns.port(), apns.caCertificateFile(), apns.signingKeyFile(),
                apns.teamId(), apns.keyId(), apns.topic(), apns.controlUrl(),
                fcm.baseUrl(), fcm.projectId(), fcm.accessToken(),
                twilio.baseUrl(), twilio.accountSid(), twilio.authToken(), TWILIO_FROM,
                sendGrid.baseUrl(), sendGrid.apiKey(), sendGrid.webhookSigner().verificationKey(),
                smtp.host(), smtp.port());
    }

    @Override
    public void close() {
        smtp.close();
        sendGrid.close();
        twilio.close();
        fcm.close();
        apns.close();
    }
}
