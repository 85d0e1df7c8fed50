/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.smtorp.protocol.discovery.OnionMxRecord;
import org.smtorp.protocol.discovery.SmtorpRecord;
import org.smtorp.protocol.identity.ServerIdentity;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code smtorp dns-records}: what a domain publishes so that mail to it goes over Tor (docs/discovery.md). */
@Command(name = "dns-records",
    description = "Prints, in zone-file syntax, the DNS records DOMAIN publishes so that SMTorP senders deliver its "
        + "mail over Tor to the server whose identity is in DIR: the onionmx SRV record (onion and port) and "
        + "the _smtorp TXT record (onion, TLS key fingerprint, port). Sign the zone with DNSSEC: senders that "
        + "require it ignore unsigned records.")
final class DnsRecordsCommand implements Callable<Integer> {
    static final long TTL = 3600;

    @Spec
    CommandSpec spec;

    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "The server identity (smtorp init).")
    Path directory;

    @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "The mail domain, e.g. example.org.")
    String domain;

    @Option(names = "--port", paramLabel = "N", defaultValue = "25",
        description = "The onion's SMTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65535) {
            throw new CliFailure("--port must be from 1 to 65535, was " + port);
        }
        String owner = owner(domain);
        ServerIdentity identity = ServerIdentity.load(directory);
        SmtorpRecord txt = SmtorpRecord.of(identity.onion(), identity.fingerprint());
        OnionMxRecord srv = OnionMxRecord.of(10, 0, port, identity.onion());
        PrintWriter out = spec.commandLine().getOut();
        out.println("; SMTorP discovery records for " + owner + " (docs/discovery.md)");
        out.println(OnionMxRecord.LABEL + "." + owner + " " + TTL + " IN SRV " + srv.asString());
        out.println(SmtorpRecord.LABEL + "." + owner + " " + TTL + " IN TXT \""
            + (port == SmtorpRecord.DEFAULT_PORT ? txt : txt.withPort(port)).asString() + "\"");
        return 0;
    }

    // Absolute, lower case; never under .onion: an onion has no DNS zone to publish in.
    private static String owner(String text) {
        String lower = text.trim().toLowerCase(Locale.ROOT);
        String bare = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        if (bare.equals("onion") || bare.endsWith(".onion")) {
            throw new CliFailure("--domain " + text + " is under .onion, which has no DNS: give the mail domain "
                + "whose zone you publish in, e.g. example.org");
        }
        if (!bare.matches("[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)+")) {
            throw new CliFailure("--domain " + text + " is not a domain name such as example.org");
        }
        try {
            return Name.fromString(bare + ".").toString();
        } catch (TextParseException e) {
            throw new CliFailure("--domain " + text + " is not a domain name: " + e.getMessage());
        }
    }
}
