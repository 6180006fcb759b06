package io.notify.sandbox.apns;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA and a server certificate it signed, made at start-up, so the APNs sandbox
 * speaks real TLS and clients trust it only by being handed the CA certificate. The server
 * certificate names {@code DNS:localhost} and {@code IP:127.0.0.1}.
 */
public final class TestCertificateAuthority {

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    private static final Duration VALIDITY = Duration.ofDays(2);

    private final X509Certificate caCertificate;
    private final X509Certificate serverCertificate;
    private final PrivateKey serverKey;

    public TestCertificateAuthority() {
        try {
            KeyPair caKeys = newEcKeyPair();
            X500Name caName = new X500Name("CN=notify sandbox CA");
            caCertificate = sign(caKeys.getPrivate(), authorityCertificate(caName, caKeys));
            KeyPair serverKeys = newEcKeyPair();
            serverCertificate = sign(caKeys.getPrivate(), serverCertificate(caName, serverKeys));
            serverKey = serverKeys.getPrivate();
        } catch (GeneralSecurityException | OperatorCreationException | CertIOException e) {
            throw new IllegalStateException("cannot create the sandbox certificates", e);
        }
    }

    public X509Certificate caCertificate() {
        return caCertificate;
    }

    /** The server certificate followed by the CA certificate. */
    public X509Certificate[] serverChain() {
        return new X509Certificate[] {serverCertificate, caCertificate};
    }

    public PrivateKey serverKey() {
        return serverKey;
    }

    /** Writes the CA certificate as PEM, for clients that read their trust anchor from a file. */
    public Path writeCaCertificate(Path file) {
        return writePem(file, caCertificate);
    }

    static KeyPair newEcKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static Path writePem(Path file, Object pemObject) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(pemObject);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return Files.writeString(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static X509v3CertificateBuilder authorityCertificate(X500Name name, KeyPair keys) throws CertIOException {
        return builder(name, name, keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    }

    private static X509v3CertificateBuilder serverCertificate(X500Name issuer, KeyPair keys) throws CertIOException {
        GeneralNames alternativeNames = new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")});
        return builder(issuer, new X500Name("CN=localhost"), keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, alternativeNames);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
    }

    private static X509Certificate sign(PrivateKey issuerKey, X509v3CertificateBuilder builder)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(issuerKey)));
    }
}
