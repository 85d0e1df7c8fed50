/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.smtorp.protocol.address.Fingerprint;
import org.smtorp.protocol.address.MailtoUri;
import org.smtorp.protocol.address.SmtorpAddress;
import org.smtorp.protocol.identity.ServerIdentity;
import org.smtorp.protocol.qr.QrCode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smtorp address}: the SMTorP address of a user of this server, to hand out. */
@Command(name = "address",
    description = {"Prints USER's SMTorP address on the server whose identity is in DIR:",
        "in full, abbreviated to N fingerprint bits, or as a mailto: URL; optionally as a QR code."})
final class AddressCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The server identity (smtorp init).")
    Path directory;

    @Option(names = "--bits", paramLabel = "N",
        description = "Fingerprint bits to keep, 80 to 256, rounded up to whole base32 characters (default: all).")
    Optional<Integer> bits;

    @Option(names = "--mailto", description = "Print a mailto: URL instead of the bare address.")
    boolean mailto;

    @Option(names = "--qr", description = "Also draw the mailto: URL as a QR code in the terminal.")
    boolean qr;

    @Option(names = "--png", paramLabel = "FILE", description = "Also write the mailto: URL as a QR code PNG to FILE.")
    Optional<Path> png;

    @Parameters(paramLabel = "USER", description = "The local part, as in USER@... (RFC 5321; quote it if needed).")
    String user;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ServerIdentity identity = ServerIdentity.load(directory);
        Fingerprint fingerprint = bits.map(n -> abbreviate(identity.fingerprint(), n)).orElse(identity.fingerprint());
        SmtorpAddress address = SmtorpAddress.of(user, identity.domain().withFingerprint(fingerprint));
        MailtoUri uri = MailtoUri.of(address);
        out.println(mailto ? uri.asString() : address.asString());
        if (qr) {
            out.print(QrCode.of(uri.asString()).toTerminalText());
            out.flush();
        }
        if (png.isPresent()) {
            Files.write(png.get(), QrCode.of(uri.asString()).toPng());
            spec.commandLine().getErr().println("QR code written to " + png.get());
        }
        return 0;
    }

    private static Fingerprint abbreviate(Fingerprint full, int bits) {
        if (bits < 80 || bits > 256) {
            throw new CliFailure("--bits must be between 80 and 256, was " + bits);
        }
        return full.abbreviate(bits);
    }
}
