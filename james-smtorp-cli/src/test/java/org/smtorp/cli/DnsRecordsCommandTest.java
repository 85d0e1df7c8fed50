/*
 * Licensed under the Apache License, Version 2.0. See the LICENSE file at the
 * root of this repository.
 */
package org.smtorp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.smtorp.protocol.discovery.OnionMxRecord;
import org.smtorp.protocol.discovery.SmtorpRecord;
import org.smtorp.protocol.identity.ServerIdentity;

class DnsRecordsCommandTest {
    @TempDir
    Path dir;

    private ServerIdentity identity;

    @BeforeEach
    void init() throws Exception {
        identity = ServerIdentity.create(dir.resolve("id"));
    }

    private String line(CommandRun run, String start) {
        return run.out.lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow(() ->
            new AssertionError("no line starting with " + start + " in:\n" + run.out));
    }

    @Test
    void shouldPrintAnSrvRecordNamingTheOnion() {
        CommandRun run = CommandRun.of("dns-records", "--dir", dir.resolve("id").toString(), "--domain", "Example.org");

        assertThat(run.exitCode).isZero();
        String srv = line(run, "_onion-mx._tcp.example.org. 3600 IN SRV ");
        assertThat(OnionMxRecord.parse(srv.substring(srv.indexOf("SRV ") + 4)).target()).isEqualTo(identity.onion());
    }

    @Test
    void shouldPrintATxtRecordWithTheOnionAndTheFingerprintThatParsesBack() {
        CommandRun run = CommandRun.of("dns-records", "--dir", dir.resolve("id").toString(), "--domain", "example.org");

        String txt = line(run, "_smtorp.example.org. 3600 IN TXT \"");
        SmtorpRecord record = SmtorpRecord.parse(txt.substring(txt.indexOf('"') + 1, txt.lastIndexOf('"')));
        assertThat(record.onion()).isEqualTo(identity.onion());
        assertThat(record.fingerprint()).isEqualTo(identity.fingerprint());
        assertThat(record.port()).isEmpty();
    }

    @Test
    void aPortShouldGoIntoBothRecords() {
        CommandRun run = CommandRun.of("dns-records", "--dir", dir.resolve("id").toString(), "--domain", "example.org",
            "--port", "2525");

        assertThat(line(run, "_onion-mx._tcp.example.org.")).contains(" SRV 10 0 2525 " + identity.onion().asString() + ".");
        String txt = line(run, "_smtorp.example.org.");
        assertThat(SmtorpRecord.parse(txt.substring(txt.indexOf('"') + 1, txt.lastIndexOf('"'))).port())
            .isEqualTo(Optional.of(2525));
    }

    @Test
    void anOnionDomainShouldBeRefused() {
        CommandRun run = CommandRun.of("dns-records", "--dir", dir.resolve("id").toString(), "--domain",
            identity.onion().asString());

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("is under .onion, which has no DNS");
    }

    @Test
    void aBadDomainShouldBeRefused() {
        CommandRun run = CommandRun.of("dns-records", "--dir", dir.resolve("id").toString(), "--domain", "exa mple");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains("--domain exa mple is not a domain name such as example.org");
    }

    @Test
    void aMissingIdentityShouldBeNamed() {
        CommandRun run = CommandRun.of("dns-records", "--dir", dir.resolve("none").toString(), "--domain", "example.org");

        assertThat(run.exitCode).isEqualTo(1);
        assertThat(run.err).contains(dir.resolve("none").toString());
    }
}
